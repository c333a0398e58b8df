using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Model;

namespace EdgeLstm.EdgeAgent.Tests.Alerts;

public sealed class AlertExplanationTests
{
    // tcp_syn_out is log1p-transformed (mean 1, std 0.5 in log space), bytes_in plain (mean 100, std 20), rst_in plain.
    private static readonly FeatureNormalization s_normalization = new()
    {
        Schema = "test",
        Names = ["tcp_syn_out", "bytes_in", "rst_in"],
        Transforms = ["log1p", "none", "none"],
        Means = [1.0, 100.0, 0.0],
        StandardDeviations = [0.5, 20.0, 1.0],
    };

    private static float[] Standardize(params float[] raw)
    {
        float[] values = (float[])raw.Clone();
        s_normalization.Apply(values);
        return values;
    }

    [Fact]
    public void Explain_NextStep_SharesAreSquaredErrorsOverTheirSumAndAddUpToOne()
    {
        float[] raw = [412, 140, 0];
        float[] standardized = Standardize(raw);
        float[] prediction = [standardized[0] - 3, standardized[1] + 1, standardized[2]];

        FeatureContribution[] features = AlertExplanation.Explain(HeadKind.NextStep, s_normalization, raw, standardized, prediction, count: 3);

        // e² = 9, 1, 0: shares 0.9, 0.1, 0, largest first.
        Assert.Equal(["tcp_syn_out", "bytes_in", "rst_in"], features.Select(f => f.Name));
        Assert.Equal(0.9, features[0].Contribution!.Value, 4);
        Assert.Equal(0.1, features[1].Contribution!.Value, 4);
        Assert.Equal(0.0, features[2].Contribution!.Value, 4);
        Assert.Equal(1.0, features.Sum(f => f.Contribution!.Value), 4);
    }

    [Fact]
    public void Explain_NextStep_ObservedIsRawAndExpectedIsThePredictionInTheFeaturesUnit()
    {
        float[] raw = [412, 140, 0];
        float[] standardized = Standardize(raw);

        // Predict log1p(3) for tcp_syn_out and 120 bytes: standardized (ln 4 − 1) / 0.5 and (120 − 100) / 20.
        float[] prediction = [(float)((Math.Log(4) - 1) / 0.5), 1.0f, standardized[2]];

        FeatureContribution[] features = AlertExplanation.Explain(HeadKind.NextStep, s_normalization, raw, standardized, prediction, count: 2);

        Assert.Equal(("tcp_syn_out", 412.0, 3.0), (features[0].Name, features[0].Observed, features[0].Expected));
        Assert.Equal(("bytes_in", 140.0), (features[1].Name, features[1].Observed));
        Assert.Equal(120.0, features[1].Expected, 3);
    }

    [Fact]
    public void Explain_NextStep_MeanOfSquaredErrorsIsTheScore()
    {
        var random = new Random(7);
        float[] raw = [random.Next(0, 1000), random.Next(0, 500), random.Next(0, 5)];
        float[] standardized = Standardize(raw);
        float[] prediction = [.. Enumerable.Range(0, 3).Select(_ => (float)random.NextDouble())];
        double score = Enumerable.Range(0, 3).Average(j => Math.Pow(prediction[j] - standardized[j], 2));

        FeatureContribution[] features = AlertExplanation.Explain(HeadKind.NextStep, s_normalization, raw, standardized, prediction, count: 3);

        // share_j = e_j² / (m · score): each feature's part of the score (shares are rounded to 4 decimals).
        Assert.All(features, f =>
        {
            int j = s_normalization.Names.ToList().IndexOf(f.Name);
            Assert.Equal(Math.Pow(prediction[j] - standardized[j], 2) / (3 * score), f.Contribution!.Value, 3);
        });
    }

    [Fact]
    public void Explain_Classifier_RanksByStandardDeviationsWithNullShareAndTrainingMeanExpected()
    {
        float[] raw = [2, 300, 1];
        float[] standardized = Standardize(raw);

        FeatureContribution[] features = AlertExplanation.Explain(HeadKind.Sigmoid, s_normalization, raw, standardized, [0.7f], count: 3);

        // |z| = 10 (bytes_in), 1 (rst_in), |(ln 3 − 1) / 0.5| ≈ 0.197 (tcp_syn_out).
        Assert.Equal(["bytes_in", "rst_in", "tcp_syn_out"], features.Select(f => f.Name));
        Assert.All(features, f => Assert.Null(f.Contribution));
        Assert.Equal(100.0, features[0].Expected);
        Assert.Equal(Math.Round(Math.E - 1, 4), features[2].Expected);
    }

    [Fact]
    public void Explain_PredictionFarOutsideTraining_ExpectedStaysFinite()
    {
        float[] raw = [0, 100, 0];
        float[] standardized = Standardize(raw);

        FeatureContribution[] features = AlertExplanation.Explain(HeadKind.NextStep, s_normalization, raw, standardized, [1e30f, -1e30f, 0], count: 3);

        Assert.All(features, f => Assert.True(double.IsFinite(f.Expected), $"{f.Name} expected {f.Expected}"));
        Assert.Equal(double.MaxValue, features.Single(f => f.Name == "tcp_syn_out").Expected);
    }

    [Fact]
    public void Explain_WrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => AlertExplanation.Explain(HeadKind.NextStep, s_normalization, [1, 2, 3], [1, 2, 3], [1, 2], count: 3));
}
