namespace EdgeLstm.Model.Tests;

public sealed class FeatureNormalizationTests
{
    private static readonly FeatureNormalization s_normalization = new()
    {
        Names = ["packets", "duration"],
        Transforms = ["log1p", "none"],
        Means = [2.0, 10.0],
        StandardDeviations = [0.75, 4.0],
    };

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(3.0, 0.5)]
    [InlineData(412.0, 31.25)]
    [InlineData(1e6, -7.0)]
    public void Restore_StandardizedValue_InvertsApply(double packets, double duration)
    {
        float[] values = [(float)packets, (float)duration];
        s_normalization.Apply(values);

        Assert.Equal(packets, s_normalization.Restore(0, values[0]), packets * 1e-5 + 1e-5);
        Assert.Equal(duration, s_normalization.Restore(1, values[1]), 1e-4);
    }

    [Fact]
    public void Restore_Log1pBelowZero_IsZero() => Assert.Equal(0.0, s_normalization.Restore(0, -100));

    [Fact]
    public void Restore_FarOutsideTheTrainingRange_StaysFinite() => Assert.Equal(double.MaxValue, s_normalization.Restore(0, 1e30));

    [Fact]
    public void Restore_IndexOutOfRange_Throws() => Assert.Throws<ArgumentOutOfRangeException>(() => s_normalization.Restore(2, 0));
}
