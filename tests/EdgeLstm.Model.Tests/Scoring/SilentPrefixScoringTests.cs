using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Scoring;

namespace EdgeLstm.Model.Tests.Scoring;

[Trait("Category", "Kernels")]
public sealed class SilentPrefixScoringTests
{
    private const int InputSize = 5;
    private const int HiddenSize = 8;
    private const int Steps = 6;

    public static TheoryData<CellKind, HeadKind> Kinds() => TestModels.AllCellsAndHeads();

    private static SequenceModel<float> Model(CellKind cell, HeadKind head)
    {
        ModelConfig config = TestModels.Config(cell, head, InputSize, HiddenSize, steps: Steps) with
        {
            Features = new FeatureNormalization
            {
                Schema = "test",
                Names = [.. Enumerable.Range(0, InputSize).Select(i => $"f{i}")],
                Transforms = [.. Enumerable.Repeat("log1p", InputSize)],
                Means = [0.5, 1, 1.5, 2, 0.1],
                StandardDeviations = [1, 2, 0.5, 1, 3],
            },
        };
        return SequenceModel.Create<float>(config, seed: 11 + (int)cell + (7 * (int)head));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Score_CachedSilentPrefix_EqualsTheExplicitlyPaddedSequenceBitForBit(CellKind cell, HeadKind head)
    {
        SequenceModel<float> model = Model(cell, head);
        var random = new Random(5);
        float[] calibration = TestModels.RandomInputs<float>(random, 32, Steps, InputSize, scale: 2);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, calibration, 32, Steps);
        float[] silence = model.Config.Features!.Silence();

        // Host rows scored in turn, so the cache is built by one host and reused by the next, at every depth.
        for (int active = 1; active <= Steps; active++)
        {
            float[] sequence = TestModels.RandomInputs<float>(random, 1, Steps, InputSize, scale: 2);
            for (int t = 0; t < Steps - active; t++)
            {
                silence.CopyTo(sequence.AsSpan(t * InputSize, InputSize));
            }

            float explicitScore = scorer.Score(sequence, leadingSilence: 0);
            float cached = scorer.Score(sequence, leadingSilence: Steps - active);

            Assert.Equal(explicitScore, cached);
        }
    }

    [Fact]
    public void Score_NewHost_EqualsTheFloatModelOnTheExplicitlyPaddedSequence()
    {
        SequenceModel<float> model = Model(CellKind.Lstm, HeadKind.NextStep);
        var hosts = new HostSequenceScorer<int>(new FloatSequenceScorer(model), SequenceTiming.Windows(1), capacity: 4);
        float[] row = [3, 0, 1, 2, 5];
        float[] padded = new float[Steps * InputSize];
        float[] silence = model.Config.Features!.Silence();
        for (int t = 0; t < Steps - 1; t++)
        {
            silence.CopyTo(padded.AsSpan(t * InputSize, InputSize));
        }

        row.CopyTo(padded.AsSpan((Steps - 1) * InputSize));
        var expected = new float[1];
        model.Score(new SequenceBatch<float>(padded, 1, Steps), model.CreateWorkspace(), expected);

        float score = hosts.Score(1, 1000, row, out _, out bool started);

        Assert.True(started);
        Assert.Equal(expected[0], score);
        Assert.Equal(padded, hosts.LastSequence.ToArray());
    }

    [Fact]
    public void Silence_IsTheStandardizedZeroVector()
    {
        FeatureNormalization normalization = Model(CellKind.Lstm, HeadKind.NextStep).Config.Features!;

        float[] silence = normalization.Silence();

        Assert.Equal(-0.5f, silence[0]);
        Assert.Equal(-3f, silence[2]);
    }
}
