using System.Diagnostics;
using EdgeLstm.Model;
using EdgeLstm.Model.Numerics;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.FloatSD8;
using EdgeLstm.Trainer.Sparse;

namespace EdgeLstm.Trainer.Training;

/// <summary>Trains a model by back-propagation through time: shuffled mini-batches split over threads, Adam,
/// gradient-norm clipping, class weights, early stopping on the validation loss; keeps the best epoch's parameters.</summary>
/// <remarks>
/// Determinism: the seed fixes the shuffles; a mini-batch is cut into contiguous shards, one per thread, and the shard
/// gradients are summed in shard order, so the same seed and thread count give the same parameters bit for bit.
/// </remarks>
internal sealed class ModelTrainer
{
    private readonly SequenceModel<float> _model;
    private readonly TrainingOptions _options;
    private readonly ITrainingHook[] _hooks;

    /// <summary>Initializes a trainer for a model.</summary>
    /// <param name="model">The model, trained in place.</param>
    /// <param name="options">The settings; they are validated. <see cref="TrainingOptions.Sparse"/> and
    /// <see cref="TrainingOptions.FloatSD8"/> add the <see cref="SparseEvolution"/> and <see cref="FloatSD8Training"/> hooks.</param>
    /// <param name="hooks">More hooks, run after SET and before FloatSD8.</param>
    public ModelTrainer(SequenceModel<float> model, TrainingOptions options, IEnumerable<ITrainingHook>? hooks = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        _options = options;

        // SET edits the master copy, so it runs before FloatSD8, which stores that copy in FP16 and quantises it.
        var all = new List<ITrainingHook>();
        if (options.Sparse is { } sparse)
        {
            // Its own stream, derived from the seed, so that the masks do not shift the shuffles.
            all.Add(new SparseEvolution(model, sparse, unchecked((options.Seed * 31) + 7)));
        }

        all.AddRange(hooks ?? []);
        if (options.FloatSD8 is { } floatSD8)
        {
            all.Add(new FloatSD8Training(model, floatSD8));
        }

        _hooks = [.. all];
    }

    /// <summary>Gets the hooks in the order they run.</summary>
    public IReadOnlyList<ITrainingHook> Hooks => _hooks;

    /// <summary>Trains on <paramref name="train"/>, validating on <paramref name="validation"/> after every epoch.</summary>
    /// <param name="train">The training sequences.</param>
    /// <param name="validation">The validation sequences (early stopping and the best epoch).</param>
    /// <param name="progress">Receives a report after every epoch.</param>
    /// <param name="cancellationToken">Stops training after the current mini-batch; the best parameters so far are kept.</param>
    public TrainingResult Train(SequenceSet train, SequenceSet validation, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        CheckShape(train, nameof(train));
        CheckShape(validation, nameof(validation));
        if (train.Count == 0 || validation.Count == 0)
        {
            throw new ArgumentException($"Training needs sequences to train and validate on; got {train.Count} and {validation.Count}.");
        }

        float[] classWeights = ClassWeights(train);
        int shardCount = Math.Clamp(Math.Min(_options.Threads, _options.BatchSize), 1, 256);
        var shards = new Shard[shardCount];
        int shardCapacity = (_options.BatchSize + shardCount - 1) / shardCount;
        for (int s = 0; s < shardCount; s++)
        {
            shards[s] = new Shard(_model, shardCapacity, train.Steps * train.InputSize);
        }

        var optimizer = new AdamOptimizer(_model.Parameters.Length, _options.LearningRate);
        var gradient = new float[_model.Parameters.Length];
        float[] parameters = _model.Parameters;
        foreach (ITrainingHook hook in _hooks)
        {
            hook.Start(parameters);
        }

        EnterForward();
        float[] best = (float[])parameters.Clone();
        ExitForward();
        double bestLoss = double.PositiveInfinity;
        int bestEpoch = 0;
        int sinceBest = 0;
        var history = new List<EpochReport>();
        var order = new int[train.Count];
        var random = new Random(_options.Seed);
        var clock = Stopwatch.StartNew();
        bool cancelled = false;
        bool stoppedEarly = false;

        using var pool = new ShardPool(shardCount, s => shards[s].Compute(_model));
        for (int epoch = 1; epoch <= _options.Epochs && !cancelled; epoch++)
        {
            var epochClock = Stopwatch.StartNew();
            for (int i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            random.Shuffle(order);
            double lossSum = 0;
            double weightSum = 0;
            for (int start = 0; start < order.Length; start += _options.BatchSize)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                    break;
                }

                int count = Math.Min(_options.BatchSize, order.Length - start);
                int perShard = (count + shardCount - 1) / shardCount;
                for (int s = 0; s < shardCount; s++)
                {
                    int from = Math.Min(count, s * perShard);
                    int to = Math.Min(count, from + perShard);
                    shards[s].Load(train, order.AsSpan(start + from, to - from), classWeights);
                }

                EnterForward();
                pool.Run();
                ExitForward();
                double batchWeight = 0;
                foreach (Shard shard in shards)
                {
                    batchWeight += shard.WeightSum;
                }

                // The batch loss is Σ_s (W_s / W) L_s; so is its gradient. Shards are added in a fixed order.
                Array.Clear(gradient);
                double batchLoss = 0;
                foreach (Shard shard in shards)
                {
                    if (shard.Count == 0)
                    {
                        continue;
                    }

                    float share = (float)(shard.WeightSum / batchWeight);
                    batchLoss += share * shard.Loss;
                    DenseMath.AddScaled(share, shard.Gradients, gradient);
                }

                foreach (ITrainingHook hook in _hooks)
                {
                    hook.BeforeStep(parameters, gradient);
                }

                AdamOptimizer.ClipGradientNorm(gradient, _options.ClipNorm);
                optimizer.Step(parameters, gradient);
                foreach (ITrainingHook hook in _hooks)
                {
                    hook.AfterStep(parameters, optimizer);
                }

                lossSum += batchLoss * batchWeight;
                weightSum += batchWeight;
            }

            if (cancelled && weightSum == 0)
            {
                break;
            }

            double seconds = epochClock.Elapsed.TotalSeconds;
            EnterForward();
            (double validationLoss, double validationAuc) = Validate(validation, shards[0].Workspace);
            if (validationLoss < bestLoss)
            {
                bestLoss = validationLoss;
                bestEpoch = epoch;
                sinceBest = 0;
                parameters.CopyTo(best, 0);
            }
            else
            {
                sinceBest++;
            }

            ExitForward();

            var report = new EpochReport(
                epoch,
                _options.Epochs,
                lossSum / weightSum,
                validationLoss,
                validationAuc,
                train.Count / Math.Max(seconds, 1e-9),
                TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds / epoch * (_options.Epochs - epoch)));
            history.Add(report);
            progress?.Report(report);
            if (sinceBest >= _options.Patience && epoch < _options.Epochs)
            {
                stoppedEarly = true;
                break;
            }

            foreach (ITrainingHook hook in _hooks)
            {
                hook.AfterEpoch(parameters, optimizer, epoch);
            }
        }

        best.CopyTo(parameters, 0);
        foreach (ITrainingHook hook in _hooks)
        {
            hook.Finish(parameters);
        }

        return new TrainingResult(history, bestEpoch, stoppedEarly, cancelled, clock.Elapsed);
    }

    private void EnterForward()
    {
        foreach (ITrainingHook hook in _hooks)
        {
            hook.EnterForward(_model.Parameters);
        }
    }

    private void ExitForward()
    {
        for (int h = _hooks.Length - 1; h >= 0; h--)
        {
            _hooks[h].ExitForward(_model.Parameters);
        }
    }

    /// <summary>Scores sequences in batches; returns one anomaly score per sequence, divided by the model's silence scale
    /// of the sequence (<see cref="ModelConfig.SilenceScale"/>) when the set knows its leading silence.</summary>
    public static float[] Score(SequenceModel<float> model, SequenceSet data, int batchSize = 256)
    {
        var scores = new float[data.Count];
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            model.Score(data.Batch(start, count), workspace, scores.AsSpan(start, count));
        }

        // The score of a host that has just appeared is judged against benign hosts that had just appeared too.
        data.DivideBySilenceScales(model.Config, scores);

        return scores;
    }

    private (double Loss, double Auc) Validate(SequenceSet validation, SequenceWorkspace<float> workspace)
    {
        const int batchSize = 256;
        bool withLabels = _model.Config.Head != HeadKind.NextStep;
        double lossSum = 0;
        for (int start = 0; start < validation.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, validation.Count - start);
            lossSum += _model.Loss(validation.Batch(start, count, withLabels), workspace, computeGradients: false) * count;
        }

        double auc = double.NaN;
        if (_model.Config.Head != HeadKind.NextStep)
        {
            float[] scores = Score(_model, validation);
            bool[] isAttack = validation.Labels.Select(l => l != 0).ToArray();
            auc = RankCurves.RocAuc(scores, isAttack);
        }

        return (lossSum / validation.Count, auc);
    }

    private float[] ClassWeights(SequenceSet train)
    {
        int classes = _model.Config.Head switch
        {
            HeadKind.Sigmoid => 2,
            HeadKind.Softmax => _model.Config.OutputSize,
            _ => 1,
        };
        var weights = new float[classes];
        Array.Fill(weights, 1f);
        if (!_options.BalanceClasses || classes == 1)
        {
            return weights;
        }

        // "Balanced" weights as scikit-learn defines them: n / (k · n_c), for the classes present.
        var counts = new int[classes];
        foreach (int label in train.Labels)
        {
            counts[label]++;
        }

        int present = counts.Count(c => c > 0);
        for (int c = 0; c < classes; c++)
        {
            weights[c] = counts[c] == 0 ? 1f : (float)train.Count / (present * counts[c]);
        }

        return weights;
    }

    private void CheckShape(SequenceSet data, string name)
    {
        if (data.InputSize != _model.Config.InputSize)
        {
            throw new ArgumentException($"The {name} sequences have {data.InputSize} features but the model reads {_model.Config.InputSize}.", name);
        }

        int classes = _model.Config.Head == HeadKind.Softmax ? _model.Config.OutputSize : 2;
        int bad = Array.FindIndex(data.Labels, l => (uint)l >= (uint)classes);
        if (_model.Config.Head != HeadKind.NextStep && bad >= 0)
        {
            throw new ArgumentException($"Sequence {bad} of the {name} set has label {data.Labels[bad]}, outside 0..{classes - 1}.", name);
        }
    }

    /// <summary>Holds one thread's slice of a mini-batch and its buffers.</summary>
    private sealed class Shard
    {
        private readonly float[] _inputs;
        private readonly int[] _labels;
        private readonly float[] _weights;
        private int _steps;

        public Shard(SequenceModel<float> model, int capacity, int stride)
        {
            Workspace = model.CreateWorkspace();
            _inputs = new float[capacity * stride];
            _labels = new int[capacity];
            _weights = new float[capacity];
        }

        public SequenceWorkspace<float> Workspace { get; }

        public int Count { get; private set; }

        public double WeightSum { get; private set; }

        public float Loss { get; private set; }

        public ReadOnlySpan<float> Gradients => Workspace.Gradients;

        public void Load(SequenceSet data, ReadOnlySpan<int> indices, float[] classWeights)
        {
            int stride = data.Steps * data.InputSize;
            _steps = data.Steps;
            Count = indices.Length;
            WeightSum = 0;
            for (int i = 0; i < indices.Length; i++)
            {
                data.Sequence(indices[i]).CopyTo(_inputs.AsSpan(i * stride, stride));
                int label = data.Labels[indices[i]];
                _labels[i] = label;
                _weights[i] = classWeights.Length == 1 ? 1f : classWeights[label];
                WeightSum += _weights[i];
            }
        }

        public void Compute(SequenceModel<float> model)
        {
            if (Count == 0)
            {
                return;
            }

            int stride = _steps * model.Config.InputSize;
            bool next = model.Config.Head == HeadKind.NextStep;
            var batch = new SequenceBatch<float>(
                _inputs.AsSpan(0, Count * stride), Count, _steps, next ? default : _labels.AsSpan(0, Count), _weights.AsSpan(0, Count));
            Loss = model.Loss(batch, Workspace, computeGradients: true);
        }
    }
}
