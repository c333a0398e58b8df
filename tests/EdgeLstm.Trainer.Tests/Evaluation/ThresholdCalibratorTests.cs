using EdgeLstm.Trainer.Evaluation;

namespace EdgeLstm.Trainer.Tests.Evaluation;

public sealed class ThresholdCalibratorTests
{
    [Theory]
    [InlineData(0.01)]
    [InlineData(0.05)]
    [InlineData(0.2)]
    [InlineData(0.0)]
    public void Calibrate_RandomBenignScores_FalsePositiveRateAtMostTarget(double target)
    {
        var random = new Random(3);
        float[] benign = Enumerable.Range(0, 1000).Select(_ => (float)random.NextDouble()).ToArray();

        double threshold = ThresholdCalibrator.Calibrate(benign, target);

        double rate = benign.Count(s => s >= threshold) / (double)benign.Length;
        Assert.InRange(rate, 0, target);
        Assert.InRange(rate, target - 0.002, target);
    }

    [Fact]
    public void Calibrate_Ties_NeverExceedsTarget()
    {
        float[] benign = [.. Enumerable.Repeat(0.5f, 50), .. Enumerable.Repeat(0.1f, 50)];

        double threshold = ThresholdCalibrator.Calibrate(benign, 0.1);

        Assert.Equal(0, benign.Count(s => s >= threshold));
    }

    [Fact]
    public void Calibrate_Empty_Throws() => Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([], 0.01));

    [Fact]
    public void Calibrate_RateOutOfRange_Throws() => Assert.Throws<ArgumentException>(() => ThresholdCalibrator.Calibrate([0.1f], 1.0));
}
