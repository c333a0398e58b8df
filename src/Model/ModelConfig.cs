using EdgeLstm.Model.Cells;

namespace EdgeLstm.Model;

/// <summary>Describes a model: cell, sizes, head, feature schema, threshold and provenance; stored as <c>edgelstm.config</c>.</summary>
public sealed record ModelConfig
{
    /// <summary>The largest input or hidden width accepted, so a corrupt file cannot ask for gigabytes.</summary>
    public const int MaxWidth = 4096;

    /// <summary>Gets the cell kind.</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>Gets the input width m (features per step).</summary>
    public int InputSize { get; init; }

    /// <summary>Gets the hidden width n.</summary>
    public int HiddenSize { get; init; }

    /// <summary>Gets a value indicating whether a LiteLSTM cell has the diagonal peephole p⊙c; other cells ignore it.</summary>
    public bool Peephole { get; init; } = true;

    /// <summary>Gets the head kind.</summary>
    public HeadKind Head { get; init; } = HeadKind.Sigmoid;

    /// <summary>Gets the number of head outputs: 1 for sigmoid, the class count for softmax, m for next-step.</summary>
    public int OutputSize { get; init; } = 1;

    /// <summary>Gets the number of steps per sequence the model was trained on.</summary>
    public int SequenceLength { get; init; } = 1;

    /// <summary>Gets the class names of a classifier, benign first.</summary>
    public IReadOnlyList<string> ClassNames { get; init; } = [];

    /// <summary>Gets the feature schema and the normalisation fitted on the training data.</summary>
    public FeatureNormalization? Features { get; init; }

    /// <summary>Gets the alert threshold on the anomaly score, calibrated on held-out benign data.</summary>
    public double? Threshold { get; init; }

    /// <summary>Gets, for a next-step model, the divisor of the raw score of a host sequence by its number of leading
    /// silent steps k (index k, T entries, entry 0 is 1): a host that has just appeared is hard to predict, so its raw
    /// score is judged against benign windows of the same k. <see langword="null"/> when every divisor is 1.</summary>
    public IReadOnlyList<double>? SilenceScales { get; init; }

    /// <summary>Gets where the model came from: data hash, seed, metrics.</summary>
    public ModelProvenance? Provenance { get; init; }

    /// <summary>Gets how the weight matrices are stored (sparse, FloatSD8), or <see langword="null"/> for dense F32.</summary>
    public ModelCompression? Compression { get; init; }

    /// <summary>Gets the calibrated post-training quantization, or <see langword="null"/> for a float-only model.</summary>
    public ModelQuantization? Quantization { get; init; }

    /// <summary>Returns the divisor of the raw score of a sequence with <paramref name="leadingSilence"/> leading silent
    /// steps (see <see cref="SilenceScales"/>).</summary>
    public double SilenceScale(int leadingSilence) =>
        SilenceScales is { } scales && (uint)leadingSilence < (uint)scales.Count ? scales[leadingSilence] : 1;

    /// <summary>Gets the number of parameters the cell of this configuration has, by DESIGN.md's formulas.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The cell kind is unknown.</exception>
    public int CellParameterCount => CellDescriptor.For(Cell).ParameterCount(InputSize, HiddenSize, Peephole);

    /// <summary>Checks that the configuration describes a model that can be built.</summary>
    /// <exception cref="ArgumentException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        Require(Enum.IsDefined(Cell), $"cell '{Cell}' is not a known cell kind");
        Require(Enum.IsDefined(Head), $"head '{Head}' is not a known head kind");
        Require(InputSize is > 0 and <= MaxWidth, $"input_size {InputSize} is outside 1..{MaxWidth}");
        Require(HiddenSize is > 0 and <= MaxWidth, $"hidden_size {HiddenSize} is outside 1..{MaxWidth}");
        Require(SequenceLength is > 0 and <= 1_000_000, $"sequence_length {SequenceLength} is outside 1..1000000");
        switch (Head)
        {
            case HeadKind.Sigmoid:
                Require(OutputSize == 1, $"output_size {OutputSize} must be 1 for a sigmoid head");
                break;
            case HeadKind.Softmax:
                Require(OutputSize is >= 2 and <= MaxWidth, $"output_size {OutputSize} must be 2..{MaxWidth} for a softmax head");
                break;
            case HeadKind.NextStep:
                Require(OutputSize == InputSize, $"output_size {OutputSize} must equal input_size {InputSize} for a next_step head");
                Require(SequenceLength >= 2, $"sequence_length {SequenceLength} must be at least 2 for a next_step head");
                break;
        }

        Require(ClassNames.Count == 0 || ClassNames.Count == Math.Max(OutputSize, 2) || Head == HeadKind.NextStep,
            $"class_names has {ClassNames.Count} names but the head has {Math.Max(OutputSize, 2)} classes");
        Require(Threshold is null || double.IsFinite(Threshold.Value), "threshold is not a finite number");
        if (SilenceScales is { } scales)
        {
            Require(scales.Count == SequenceLength, $"silence_scales has {scales.Count} entries but sequence_length is {SequenceLength}");
            Require(scales.All(scale => double.IsFinite(scale) && scale > 0), "silence_scales holds a value that is not a positive number");
        }

        Features?.Validate(InputSize);
        Quantization?.Validate(InputSize);
    }

    internal static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException("Invalid model configuration: " + message + ".");
        }
    }
}
