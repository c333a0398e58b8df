using System.CommandLine;
using EdgeLstm.Model;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.FloatSD8;
using EdgeLstm.Trainer.Sparse;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Declares the model and training options shared by train and compare, with working defaults.</summary>
internal sealed class TrainingOptionSet
{
    private static readonly TrainingOptions s_defaults = new();

    public Option<int> Hidden { get; } = new("--hidden") { Description = "Hidden width n of the cell.", DefaultValueFactory = _ => 32 };

    public Option<bool> NoPeephole { get; } = new("--no-peephole") { Description = "Switch off LiteLSTM's diagonal peephole p⊙c." };

    public Option<bool> Unsupervised { get; } = new("--unsupervised") { Description = "Train a next-step predictor on the benign training records only (every window they give); the score is the prediction error." };

    public Option<int> Steps { get; } = new("--steps") { Description = "Records per sequence (T).", DefaultValueFactory = _ => TrainRequest.DefaultSteps };

    public Option<int> Stride { get; } = new("--stride") { Description = "Records between the starts of two sequences.", DefaultValueFactory = _ => 1 };

    public Option<bool> AnyAttack { get; } = new("--label-any-attack") { Description = "Label a sequence as attack when any record in it is (default: the label of its last record)." };

    public Option<int> Epochs { get; } = new("--epochs") { Description = "Largest number of passes over the training data.", DefaultValueFactory = _ => s_defaults.Epochs };

    public Option<int> BatchSize { get; } = new("--batch-size") { Description = "Sequences per mini-batch.", DefaultValueFactory = _ => s_defaults.BatchSize };

    public Option<float> LearningRate { get; } = new("--learning-rate") { Description = "Adam step size.", DefaultValueFactory = _ => s_defaults.LearningRate };

    public Option<float> ClipNorm { get; } = new("--clip-norm") { Description = "Largest gradient L2 norm per mini-batch.", DefaultValueFactory = _ => s_defaults.ClipNorm };

    public Option<int> Patience { get; } = new("--patience") { Description = "Epochs without a better validation loss before stopping early.", DefaultValueFactory = _ => s_defaults.Patience };

    public Option<int> Threads { get; } = new("--threads") { Description = "Threads a mini-batch is split over (the result depends on seed and thread count only).", DefaultValueFactory = _ => s_defaults.Threads };

    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed of initialization, shuffling and the validation split.", DefaultValueFactory = _ => s_defaults.Seed };

    public Option<bool> NoClassWeights { get; } = new("--no-class-weights") { Description = "Do not weight classes inversely to their frequency." };

    public Option<double> Validation { get; } = new("--validation") { Description = "Share of training records held out for validation and the threshold (see --split).", DefaultValueFactory = _ => 0.1 };

    public Option<SplitKind> Split { get; } = new("--split")
    {
        Description = "How validation records are held out, before sequences are cut: time (the latest records, a gap of --steps records per host), entity (whole hosts), order (the last records in file order, with the gap) or random (records that are independent). Default auto: time if the data has a time column, else entity, else order when --steps > 1, else random; the output names the split and its sizes.",
        DefaultValueFactory = _ => SplitKind.Auto,
    };

    public Option<double> Fpr { get; } = new("--fpr") { Description = "Target false-positive rate of the alert threshold on held-out benign data.", DefaultValueFactory = _ => 0.01 };

    public Option<bool> Sparse { get; } = new("--sparse") { Description = "Train the cell's weight matrices sparse with SET (Erdős–Rényi masks, prune and regrow after every epoch)." };

    public Option<double?> Density { get; } = new("--density") { Description = "SET: target density of each weight matrix, in (0, 1] (default: from --epsilon)." };

    public Option<double?> Epsilon { get; } = new("--epsilon") { Description = $"SET: Erdős–Rényi ε, density ε(n_in + n_out)/(n_in·n_out) (default {SparseOptions.DefaultEpsilon})." };

    public Option<double> Zeta { get; } = new("--zeta") { Description = "SET: fraction of positive and of negative weights pruned and regrown after every epoch.", DefaultValueFactory = _ => new SparseOptions().Zeta };

    public Option<bool> FloatSD8 { get; } = new("--floatsd8") { Description = "Train FloatSD8 weights over an FP16 master copy with FP8 activations (E4M3) and gradients (E5M2)." };

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Hidden, NoPeephole, Unsupervised, Steps, Stride, AnyAttack, Epochs, BatchSize, LearningRate, ClipNorm, Patience, Threads, Seed, NoClassWeights, Validation, Split, Fpr, Sparse, Density, Epsilon, Zeta, FloatSD8 })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Binds a request for one cell kind.</summary>
    public TrainRequest Bind(ParseResult parse, DatasetSpec data, DatasetSpec? test, CellKind cell) => new()
    {
        Data = data,
        Test = test,
        Cell = cell,
        HiddenSize = parse.GetValue(Hidden),
        Peephole = !parse.GetValue(NoPeephole),
        Unsupervised = parse.GetValue(Unsupervised),
        Sequences = new SequenceOptions
        {
            Steps = parse.GetValue(Steps),
            Stride = parse.GetValue(Stride),
            LabelRule = parse.GetValue(AnyAttack) ? WindowLabelRule.AnyAttack : WindowLabelRule.LastRecord,
        },
        ValidationFraction = parse.GetValue(Validation),
        Split = parse.GetValue(Split),
        TargetFalsePositiveRate = parse.GetValue(Fpr),
        Training = new TrainingOptions
        {
            Epochs = parse.GetValue(Epochs),
            BatchSize = parse.GetValue(BatchSize),
            LearningRate = parse.GetValue(LearningRate),
            ClipNorm = parse.GetValue(ClipNorm),
            Patience = parse.GetValue(Patience),
            Threads = parse.GetValue(Threads),
            Seed = parse.GetValue(Seed),
            BalanceClasses = !parse.GetValue(NoClassWeights),
            Sparse = parse.GetValue(Sparse) ? new SparseOptions { Density = parse.GetValue(Density), Epsilon = parse.GetValue(Epsilon), Zeta = parse.GetValue(Zeta) } : null,
            FloatSD8 = parse.GetValue(FloatSD8) ? new FloatSD8Options() : null,
        },
    };
}
