using EdgeLstm.Trainer.Evaluation;

namespace EdgeLstm.Trainer.Tests.Evaluation;

public sealed class SilenceCalibrationTests
{
    [Fact]
    public void Scales_NewHostsScoreHigher_DividesTheirScoresByTheRatioOfTheTargetQuantiles()
    {
        // 100 established sequences scoring 0..0.99, 100 new ones (k = 2) scoring ten times as much.
        float[] scores = [.. Enumerable.Range(0, 100).Select(i => i / 100f), .. Enumerable.Range(0, 100).Select(i => i / 10f)];
        int[] leading = [.. Enumerable.Repeat(0, 100), .. Enumerable.Repeat(2, 100)];

        double[] scales = SilenceCalibration.Scales(scores, leading, steps: 3, targetFalsePositiveRate: 0.05);

        Assert.Equal(1, scales[0]);
        Assert.Equal(10, scales[2], 3);
        // k = 1 has no sequence of its own: it is pooled with the newer hosts.
        Assert.Equal(10, scales[1], 3);
    }

    [Fact]
    public void Scales_NewHostsScoreLowerOrTooFewSequences_KeepsOne()
    {
        float[] scores = [.. Enumerable.Range(0, 100).Select(i => i / 10f), .. Enumerable.Range(0, 5).Select(_ => 0.5f), .. Enumerable.Range(0, 50).Select(_ => 0f)];
        int[] leading = [.. Enumerable.Repeat(0, 100), .. Enumerable.Repeat(1, 5), .. Enumerable.Repeat(3, 50)];

        double[] scales = SilenceCalibration.Scales(scores, leading, steps: 4, targetFalsePositiveRate: 0.01);

        // k = 1 pools its 5 with k = 3's 50: both score below the established hosts, and a scale is never below 1.
        Assert.Equal([1, 1, 1, 1], scales);
    }

    [Fact]
    public void Scales_TooFewEstablishedSequences_KeepsOne()
    {
        float[] scores = [1, 2, 3, .. Enumerable.Range(0, 100).Select(i => (float)i)];
        int[] leading = [0, 0, 0, .. Enumerable.Repeat(1, 100)];

        Assert.Equal([1, 1], SilenceCalibration.Scales(scores, leading, steps: 2, targetFalsePositiveRate: 0.01));
    }
}
