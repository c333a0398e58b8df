using EdgeLstm.Model.Quantization;
using Xunit.Abstractions;

namespace EdgeLstm.Model.Tests.Quantization;

public sealed class PostTrainingQuantizerTests(ITestOutputHelper output)
{
    private const int InputSize = 8;
    private const int HiddenSize = 16;
    private const int Steps = 12;

    // Measured maxima are printed; the head adds 16 products with per-row weight rounding.
    private const double LogitBound = 0.02;

    // With the default headroom (every range three times the robust calibrated one) each step is about three times as
    // coarse: measured |Δh| 0.017 (slim1) to 0.035 (lstm).
    private const double HeadroomHiddenBound = 0.04;

    [Theory]
    [InlineData(CellKind.Lstm, WeightFormat.Int8)]
    [InlineData(CellKind.Lite, WeightFormat.Int8)]
    [InlineData(CellKind.Slim1, WeightFormat.Int8)]
    [InlineData(CellKind.Slim2, WeightFormat.Int8)]
    [InlineData(CellKind.Slim3, WeightFormat.Int8)]
    [InlineData(CellKind.Lstm, WeightFormat.SparseInt8)]
    internal void Quantize_RandomModel_IntegerModelTracksFloatModel(CellKind kind, WeightFormat format)
    {
        (double hiddenError, double logitError) = Compare(kind, new QuantizationOptions { Format = format });

        Assert.InRange(hiddenError, 0, HeadroomHiddenBound);
        Assert.InRange(logitError, 0, LogitBound);
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Lite)]
    [InlineData(CellKind.Slim3)]
    internal void Quantize_FeaturesOfVeryDifferentRanges_PerFeatureScalesTrackFloatModel(CellKind kind)
    {
        // Feature j spans 2^(j − 4) σ (a 128-fold spread): each feature keeps its 8 input bits, but the folded weights of
        // the narrow features lose bits against the wide ones in each row. Measured |Δh| 0.026 (slim3) to 0.071 (lite).
        (double hiddenError, double logitError) = Compare(kind, new QuantizationOptions { InputTailFraction = 0, InputHeadroom = 0 }, j => Math.ScaleB(1.0, j - 4));

        Assert.InRange(hiddenError, 0, 0.1);
        Assert.InRange(logitError, 0, LogitBound);
    }

    [Fact]
    public void Quantize_TestInputsBeyondCalibrationExtremes_AreNotClippedWithHeadroom()
    {
        // Test values 1.8 times the calibration's: within the default headroom (3× the robust range) nothing clips; without it the
        // integer model clips them and falls behind (measured |Δh| 0.034 with headroom, 0.43 without).
        (double withHeadroom, _) = Compare(CellKind.Lstm, new QuantizationOptions(), testMagnitude: 1.8);
        (double withoutHeadroom, _) = Compare(CellKind.Lstm, new QuantizationOptions { InputHeadroom = 0 }, testMagnitude: 1.8);

        Assert.True(withoutHeadroom > 2.5 * withHeadroom, $"|Δh| {withoutHeadroom} without headroom, {withHeadroom} with");
    }

    [Fact]
    public void CalibrateInputs_FeaturesOfDifferentRanges_GivesEachItsOwnScaleAndExactLowEnd()
    {
        // Feature 0 in [−1, 3], feature 1 in [−0.5, 100], feature 2 constant.
        const int Rows = 401;
        var values = new float[Rows * 3];
        for (int i = 0; i < Rows; i++)
        {
            values[i * 3] = -1f + (i * 0.01f);
            values[(i * 3) + 1] = -0.5f + (i * 100.5f / (Rows - 1));
            values[(i * 3) + 2] = 0f;
        }

        (double[] scales, int[] zeroPoints) = PostTrainingQuantizer.CalibrateInputs(values, 3, tailFraction: 0, headroom: 1);

        // Each range covers twice the feature's calibrated one; feature 0's low end is on its grid.
        Assert.InRange(scales[0] * (sbyte.MaxValue - zeroPoints[0]), 2 * 3.0, 2.5 * 3.0);
        Assert.InRange(scales[1] * (sbyte.MaxValue - zeroPoints[1]), 2 * 100.0, 2.5 * 100.0);
        Assert.Equal(-1.0, scales[0] * Math.Round(-1.0 / scales[0]), 12);

        // The constant feature takes the widest feature's range (its weights never learnt to ignore it).
        Assert.InRange(scales[2], scales[1], scales[1] * 1.25);
    }

    [Fact]
    public void Build_FloatSD8WithPerFeatureScales_ThrowsSayingExactnessWouldBeLost()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(new ModelConfig { InputSize = 2, HiddenSize = 4 }, seed: 1);

        ArgumentException error = Assert.Throws<ArgumentException>(() => PostTrainingQuantizer.Build(model, [0.01, 0.02], [0, 0], 12, WeightFormat.FloatSD8));

        Assert.Contains("FloatSD8", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WeightFormat.Int8)]
    [InlineData(WeightFormat.SparseInt8)]
    [InlineData(WeightFormat.FloatSD8)]
    internal void Build_EqualPerFeatureScales_GivesTheSharedScaleWeightsAndBiases(WeightFormat format)
    {
        SequenceModel<float> model = SequenceModel.Create<float>(new ModelConfig { InputSize = 5, HiddenSize = 8 }, seed: 3);
        ReadOnlySpan<float> parameters = model.Parameters;
        QuantizedCell shared = QuantizedCellFactory.Create(
            CellKind.Lstm, 5, 8, parameters[..160], parameters.Slice(160, 256), parameters.Slice(416, 32), null, 0.037, -21, 12, format);

        QuantizedCell perFeature = PostTrainingQuantizer.Build(model, [0.037, 0.037, 0.037, 0.037, 0.037], [-21, -21, -21, -21, -21], 12, format).Cell;

        Assert.Equal(shared.Input.Bias, perFeature.Input.Bias);
        Assert.Equal(shared.Input.Multipliers, perFeature.Input.Multipliers);
        for (int r = 0; r < 32; r++)
        {
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(shared.Input.Weights.WeightAt(r, j), perFeature.Input.Weights.WeightAt(r, j));
            }
        }
    }

    [Fact]
    public void Quantize_EmptyCalibrationSet_ThrowsSayingSo()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(new ModelConfig { InputSize = 2, HiddenSize = 4 }, seed: 1);

        ArgumentException error = Assert.Throws<ArgumentException>(() => PostTrainingQuantizer.Quantize(model, [], 0, 5));

        Assert.Contains("empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantize_NaNInCalibrationSet_ThrowsNamingThePosition()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(new ModelConfig { InputSize = 2, HiddenSize = 4 }, seed: 1);
        float[] calibration = [0.1f, 0.2f, 0.3f, float.NaN];

        ArgumentException error = Assert.Throws<ArgumentException>(() => PostTrainingQuantizer.Quantize(model, calibration, 1, 2));

        Assert.Contains("step 1, feature 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantize_ConstantZeroCalibrationSet_ThrowsSayingScaleWouldBeZero()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(new ModelConfig { InputSize = 2, HiddenSize = 4 }, seed: 1);

        ArgumentException error = Assert.Throws<ArgumentException>(() => PostTrainingQuantizer.Quantize(model, new float[40], 4, 5));

        Assert.Contains("constant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CalibrateSharedInput_RangeMinusOneToThree_MapsEndsToInt8Ends()
    {
        float[] values = [.. Enumerable.Range(0, 401).Select(i => -1f + (i * 0.01f))];

        (double[] scales, int[] zeroPoints) = PostTrainingQuantizer.CalibrateSharedInput(values, 1, 0);

        Assert.Equal(4.0 / 255, scales[0], 6);
        Assert.Equal(-64, zeroPoints[0]);
    }

    [Theory]
    [InlineData(1.5, 14)]
    [InlineData(6.0, 12)]
    [InlineData(7.0, 11)]
    [InlineData(0.0, 15)]
    [InlineData(1e6, 0)]
    public void CellExponent_LargestCell_ChoosesTheTightestCoveringPowerOfTwo(double maxAbs, int expected)
    {
        Assert.Equal(expected, PostTrainingQuantizer.CellExponent(maxAbs, 1.25));
    }

    private (double HiddenError, double LogitError) Compare(CellKind kind, QuantizationOptions options, Func<int, double>? featureMagnitude = null, double testMagnitude = 1)
    {
        var config = new ModelConfig { Cell = kind, InputSize = InputSize, HiddenSize = HiddenSize, SequenceLength = Steps };
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 10 + (int)kind);
        for (int i = 0; i < model.Parameters.Length; i++)
        {
            // PyTorch's initialization gives |w| ≤ 0.25 here; a trained model has larger weights and cell states (×3 makes these random
            // recurrences chaotic, so errors grow without bound, which says nothing about the arithmetic).
            model.Parameters[i] *= 2;
        }

        var random = new Random(20);
        float[] calibration = Normal(random, 64 * Steps * InputSize, featureMagnitude, 1);
        QuantizedSequenceModel quantized = PostTrainingQuantizer.Quantize(model, calibration, 64, Steps, options);

        const int Count = 16;
        float[] test = Normal(random, Count * Steps * InputSize, featureMagnitude, testMagnitude);
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        var logits = new float[Count];
        model.Logits(new SequenceBatch<float>(test, Count, Steps), workspace, logits);

        var runner = new QuantizedCellRunner(quantized.Cell);
        var integerLogit = new float[1];
        double hiddenError = 0;
        double logitError = 0;
        for (int s = 0; s < Count; s++)
        {
            runner.Reset();
            for (int t = 0; t < Steps; t++)
            {
                runner.Step(test.AsSpan(((s * Steps) + t) * InputSize, InputSize));
                ReadOnlySpan<float> expected = workspace.HiddenStateAt(t + 1).Slice(s * HiddenSize, HiddenSize);
                for (int u = 0; u < HiddenSize; u++)
                {
                    hiddenError = Math.Max(hiddenError, Math.Abs((runner.Hidden[u] / 128.0) - expected[u]));
                }
            }

            quantized.Head.Evaluate(runner.Hidden, integerLogit);
            logitError = Math.Max(logitError, Math.Abs(integerLogit[0] - logits[s]));
        }

        output.WriteLine($"{kind} {options}: k = {quantized.Cell.CellExponent}, input scales {quantized.Cell.InputScales.Min():F4} to {quantized.Cell.InputScales.Max():F4}, max |Δh| {hiddenError:F4}, max |Δlogit| {logitError:F4}");
        return (hiddenError, logitError);
    }

    // Standard normal values, feature j (i mod m) times featureMagnitude(j), all times magnitude.
    private static float[] Normal(Random random, int length, Func<int, double>? featureMagnitude, double magnitude)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            double scale = magnitude * (featureMagnitude?.Invoke(i % InputSize) ?? 1);
            values[i] = (float)(scale * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        return values;
    }
}
