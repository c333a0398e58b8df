using EdgeLstm.Trainer.Evaluation;

namespace EdgeLstm.Trainer.Tests.Evaluation;

public sealed class RankCurvesTests
{
    [Fact]
    public void RocAuc_KnownExample_MatchesHandCount()
    {
        // Pairs (attack, benign) with attack score higher: 0.8>0.1,0.4,0.35 (3); 0.35 vs 0.1 yes, vs 0.4 no, vs 0.35 tie (1.5) → 4.5 of 6.
        float[] scores = [0.1f, 0.4f, 0.35f, 0.8f, 0.35f];
        bool[] attack = [false, false, false, true, true];

        Assert.Equal(4.5 / 6, RankCurves.RocAuc(scores, attack), 12);
    }

    [Fact]
    public void RocAuc_OneClass_IsNaN() => Assert.True(double.IsNaN(RankCurves.RocAuc([0.1f, 0.2f], [false, false])));

    [Fact]
    public void RocAuc_RandomScores_MatchesPairCount()
    {
        var random = new Random(17);
        float[] scores = Enumerable.Range(0, 300).Select(_ => (float)Math.Round(random.NextDouble(), 2)).ToArray();
        bool[] attack = scores.Select(_ => random.Next(3) == 0).ToArray();
        double wins = 0;
        long pairs = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            for (int j = 0; j < scores.Length; j++)
            {
                if (attack[i] && !attack[j])
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }

        Assert.Equal(wins / pairs, RankCurves.RocAuc(scores, attack), 12);
    }

    [Fact]
    public void AveragePrecision_KnownExample_MatchesScikitLearnDefinition()
    {
        // scikit-learn: y = [0, 0, 1, 1], s = [0.1, 0.4, 0.35, 0.8] → AP = 0.8333…
        Assert.Equal(0.8333333333, RankCurves.AveragePrecision([0.1f, 0.4f, 0.35f, 0.8f], [false, false, true, true]), 9);
    }

    [Fact]
    public void RocCurve_PerfectSeparation_PassesThroughTopLeft()
    {
        IReadOnlyList<(double Fpr, double Tpr)> curve = RankCurves.RocCurve([0.9f, 0.8f, 0.2f, 0.1f], [true, true, false, false]);

        Assert.Contains((0.0, 1.0), curve);
        Assert.Equal((1.0, 1.0), curve[^1]);
    }
}
