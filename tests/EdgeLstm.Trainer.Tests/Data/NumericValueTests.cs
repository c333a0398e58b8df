using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class NumericValueTests
{
    public static TheoryData<string, string, float> Cases => new()
    {
        { "12.5", nameof(NumericValueKind.Finite), 12.5f },
        { " -3e2 ", nameof(NumericValueKind.Finite), -300f },
        { "", nameof(NumericValueKind.Missing), 0f },
        { "-", nameof(NumericValueKind.Missing), 0f },
        { "?", nameof(NumericValueKind.Missing), 0f },
        { "NaN", nameof(NumericValueKind.Missing), 0f },
        { "(empty)", nameof(NumericValueKind.Missing), 0f },
        { "Infinity", nameof(NumericValueKind.Infinite), 0f },
        { "-inf", nameof(NumericValueKind.Infinite), 0f },
        { "1e300", nameof(NumericValueKind.Infinite), 0f },
        { "12x", nameof(NumericValueKind.Invalid), 0f },
        { "tcp", nameof(NumericValueKind.Invalid), 0f },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_Text_ClassifiesAndParses(string text, string expected, float value)
    {
        NumericValueKind kind = NumericValue.Parse(text, out float parsed);

        Assert.Equal(expected, kind.ToString());
        Assert.Equal(value, parsed);
    }
}
