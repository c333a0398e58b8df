using EdgeLstm.Model;
using EdgeLstm.Trainer.FloatSD8;
using EdgeLstm.Trainer.Sparse;

namespace EdgeLstm.Trainer.Training;

/// <summary>Holds the settings of one training run; every default works.</summary>
internal sealed record TrainingOptions
{
    /// <summary>Gets the largest number of passes over the training data.</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Gets the number of sequences per mini-batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Gets Adam's step size.</summary>
    public float LearningRate { get; init; } = 3e-3f;

    /// <summary>Gets the largest L2 norm of a mini-batch gradient; larger gradients are scaled down.</summary>
    public float ClipNorm { get; init; } = 5f;

    /// <summary>Gets the number of epochs without a better validation loss after which training stops.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>Gets the seed of initialization and shuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Gets the number of threads a mini-batch is split over; with the seed it fixes the result bit for bit.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Gets a value indicating whether classes are weighted inversely to their frequency.</summary>
    public bool BalanceClasses { get; init; } = true;

    /// <summary>Gets the sparse evolutionary training (SET) settings, or <see langword="null"/> to train dense.</summary>
    public SparseOptions? Sparse { get; init; }

    /// <summary>Gets the FloatSD8 training settings, or <see langword="null"/> to train in FP32.</summary>
    public FloatSD8Options? FloatSD8 { get; init; }

    /// <summary>Returns the configuration a model trained with these options is exported with: sparse and FloatSD8 weight storage as trained.</summary>
    public ModelConfig ApplyCompression(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return Sparse is null && FloatSD8 is null
            ? config
            : config with { Compression = new ModelCompression { Sparse = Sparse is not null, FloatSD8 = FloatSD8 is not null } };
    }

    /// <summary>Throws when a setting is out of range, naming it.</summary>
    public void Validate()
    {
        Sparse?.Validate();
        Require(Epochs > 0, $"--epochs {Epochs} must be positive");
        Require(BatchSize > 0, $"--batch-size {BatchSize} must be positive");
        Require(LearningRate > 0 && float.IsFinite(LearningRate), $"--learning-rate {LearningRate} must be a positive number");
        Require(ClipNorm > 0 && float.IsFinite(ClipNorm), $"--clip-norm {ClipNorm} must be a positive number");
        Require(Patience > 0, $"--patience {Patience} must be positive");
        Require(Threads is > 0 and <= 256, $"--threads {Threads} must be 1..256");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new UsageException(message + ".");
        }
    }
}
