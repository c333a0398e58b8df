using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed class SafeTensorDTypeExtensionsTests
{
    public static readonly TheoryData<SafeTensorDType, string, int> Spellings = new()
    {
        { SafeTensorDType.F64, "F64", 8 },
        { SafeTensorDType.F32, "F32", 4 },
        { SafeTensorDType.F16, "F16", 2 },
        { SafeTensorDType.BF16, "BF16", 2 },
        { SafeTensorDType.I64, "I64", 8 },
        { SafeTensorDType.I32, "I32", 4 },
        { SafeTensorDType.I16, "I16", 2 },
        { SafeTensorDType.I8, "I8", 1 },
        { SafeTensorDType.U8, "U8", 1 },
        { SafeTensorDType.Bool, "BOOL", 1 },
    };

    [Theory]
    [MemberData(nameof(Spellings))]
    public void ToSafeTensorsName_EveryDType_IsTheFileSpellingAndParsesBack(SafeTensorDType dtype, string name, int size)
    {
        Assert.Equal(name, dtype.ToSafeTensorsName());
        Assert.Equal(size, dtype.GetElementSize());
        Assert.True(SafeTensorDTypeExtensions.TryParseSafeTensorsName(name, out SafeTensorDType parsed));
        Assert.Equal(dtype, parsed);
    }

    [Fact]
    public void Spellings_CoverEveryEnumValue()
    {
        Assert.Equal(Enum.GetValues<SafeTensorDType>().Length, Spellings.Count);
    }

    [Theory]
    [InlineData("f32")]
    [InlineData("Bool")]
    [InlineData("F8_E4M3")]
    [InlineData("U16")]
    [InlineData(" F32")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseSafeTensorsName_UnsupportedSpelling_ReturnsFalse(string? name)
    {
        Assert.False(SafeTensorDTypeExtensions.TryParseSafeTensorsName(name, out _));
    }

    [Theory]
    [InlineData(SafeTensorDType.F64, true)]
    [InlineData(SafeTensorDType.F32, true)]
    [InlineData(SafeTensorDType.F16, true)]
    [InlineData(SafeTensorDType.BF16, true)]
    [InlineData(SafeTensorDType.I32, false)]
    [InlineData(SafeTensorDType.U8, false)]
    [InlineData(SafeTensorDType.Bool, false)]
    public void IsFloatingPoint_DType_MatchesItsKind(SafeTensorDType dtype, bool expected)
    {
        Assert.Equal(expected, dtype.IsFloatingPoint());
    }

    [Fact]
    public void GetElementSize_UndefinedValue_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((SafeTensorDType)99).GetElementSize());
        Assert.Throws<ArgumentOutOfRangeException>(() => ((SafeTensorDType)99).ToSafeTensorsName());
    }
}
