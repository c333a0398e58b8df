using EdgeLstm.Model;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Training;

/// <summary>Says what to train: data, model shape, objective and training settings.</summary>
internal sealed record TrainRequest
{
    /// <summary>Gets the training data (a validation split is taken from it).</summary>
    public required DatasetSpec Data { get; init; }

    /// <summary>Gets the test data for the report; null evaluates on the validation split.</summary>
    public DatasetSpec? Test { get; init; }

    /// <summary>Gets the cell kind.</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>Gets the hidden width n.</summary>
    public int HiddenSize { get; init; } = 32;

    /// <summary>Gets a value indicating whether a LiteLSTM cell has the diagonal peephole.</summary>
    public bool Peephole { get; init; } = true;

    /// <summary>Gets a value indicating whether the model is unsupervised: next-step prediction trained on benign data only.</summary>
    public bool Unsupervised { get; init; }

    /// <summary>The default sequence length T. On bench/detection.sh's stream, T = 4 alerted on 9 of 9 attack episodes
    /// with no false alert in the benign tail, T = 8 on 7 of 9 with 3 (bench/detection.results.md); four steps are
    /// also half the work per window on the Pi.</summary>
    public const int DefaultSteps = 4;

    /// <summary>Gets the sequence windows.</summary>
    public SequenceOptions Sequences { get; init; } = new() { Steps = DefaultSteps, Stride = 1 };

    /// <summary>Gets the share of the training records held out for validation, early stopping and the threshold.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>Gets how the validation records are chosen (see <see cref="TableSplit"/>).</summary>
    public SplitKind Split { get; init; } = SplitKind.Auto;

    /// <summary>Gets the target false-positive rate of the alert threshold on held-out benign data.</summary>
    public double TargetFalsePositiveRate { get; init; } = 0.01;

    /// <summary>Gets the optimisation settings.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        Training.Validate();
        if (HiddenSize is < 1 or > ModelConfig.MaxWidth)
        {
            throw new UsageException($"--hidden {HiddenSize} must be 1..{ModelConfig.MaxWidth}.");
        }

        if (Sequences.Steps < 1 || Sequences.Stride < 1)
        {
            throw new UsageException($"--steps {Sequences.Steps} and --stride {Sequences.Stride} must be positive.");
        }

        if (Unsupervised && Sequences.Steps < 2)
        {
            throw new UsageException($"--steps {Sequences.Steps}: next-step prediction needs at least 2 steps.");
        }

        if (ValidationFraction is <= 0 or >= 1)
        {
            throw new UsageException($"--validation {ValidationFraction} must be between 0 and 1.");
        }

        if (TargetFalsePositiveRate is < 0 or >= 1)
        {
            throw new UsageException($"--fpr {TargetFalsePositiveRate} must be in [0, 1).");
        }
    }
}
