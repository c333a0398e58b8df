using EdgeLstm.Model;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Sparse;

/// <summary>Trains the cell's weight matrices sparse from the start with sparse evolutionary training (SET).</summary>
/// <remarks>
/// At the start every <c>weight_ih</c> and <c>weight_hh</c> keeps round(density · size) positions drawn uniformly
/// (an Erdős–Rényi graph with a fixed edge count, so the density is exact). After every epoch the fraction ζ of
/// positive weights closest to zero and ζ of negative weights closest to zero (counts rounded down) are pruned,
/// their Adam moments zeroed, and as many positions are regrown at random among those that were empty before the
/// pruning, with value 0. The gradient is masked before each step and the weights after it, so disconnected
/// weights stay exactly zero and gather no optimizer moments. Biases, peepholes and the head stay dense.
/// </remarks>
internal sealed class SparseEvolution : ITrainingHook
{
    private readonly SparseOptions _options;
    private readonly Random _random;
    private readonly SparseMask[] _masks;

    /// <summary>Initializes SET for a model's weight matrices.</summary>
    /// <param name="model">The model; its cell's <c>weight_ih</c> and <c>weight_hh</c> become sparse.</param>
    /// <param name="options">The settings; they are validated.</param>
    /// <param name="seed">The seed of the masks and of regrowth.</param>
    public SparseEvolution(SequenceModel<float> model, SparseOptions options, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = new Random(seed);
        _masks =
        [
            .. model.Tensors.Where(ModelCompression.IsSparseCandidate).Select(t =>
            {
                double density = options.DensityOf(t.Shape[0], t.Shape[1]);
                return new SparseMask(t, Math.Clamp((int)Math.Round(density * t.Length), 1, t.Length));
            }),
        ];
    }

    /// <summary>Gets one mask per sparse matrix.</summary>
    public IReadOnlyList<SparseMask> Masks => _masks;

    /// <inheritdoc/>
    public void Start(Span<float> parameters)
    {
        foreach (SparseMask mask in _masks)
        {
            int[] positions = [.. Enumerable.Range(0, mask.Tensor.Length)];
            _random.Shuffle(positions);
            foreach (int position in positions.AsSpan(0, mask.TargetCount))
            {
                mask.Set(position, true);
            }

            mask.Apply(parameters.Slice(mask.Tensor.Offset, mask.Tensor.Length));
        }
    }

    /// <inheritdoc/>
    public void BeforeStep(Span<float> parameters, Span<float> gradient)
    {
        foreach (SparseMask mask in _masks)
        {
            mask.Apply(gradient.Slice(mask.Tensor.Offset, mask.Tensor.Length));
        }
    }

    /// <inheritdoc/>
    public void AfterStep(Span<float> parameters, AdamOptimizer optimizer)
    {
        foreach (SparseMask mask in _masks)
        {
            mask.Apply(parameters.Slice(mask.Tensor.Offset, mask.Tensor.Length));
        }
    }

    /// <inheritdoc/>
    public void AfterEpoch(Span<float> parameters, AdamOptimizer optimizer, int epoch)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        foreach (SparseMask mask in _masks)
        {
            Evolve(mask, parameters.Slice(mask.Tensor.Offset, mask.Tensor.Length), optimizer);
        }
    }

    private void Evolve(SparseMask mask, Span<float> weights, AdamOptimizer optimizer)
    {
        var positive = new List<int>();
        var negative = new List<int>();
        var empty = new List<int>();
        for (int i = 0; i < weights.Length; i++)
        {
            if (!mask.IsActive(i))
            {
                empty.Add(i);
            }
            else if (weights[i] > 0)
            {
                positive.Add(i);
            }
            else if (weights[i] < 0)
            {
                negative.Add(i);
            }
        }

        // Closest to zero first; the position breaks ties so that the result does not depend on the sort.
        float[] values = weights.ToArray();
        positive.Sort((a, b) => values[a] != values[b] ? values[a].CompareTo(values[b]) : a.CompareTo(b));
        negative.Sort((a, b) => values[a] != values[b] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        int[] pruned =
        [
            .. positive.Take((int)(_options.Zeta * positive.Count)),
            .. negative.Take((int)(_options.Zeta * negative.Count)),
        ];

        int[] moments = new int[pruned.Length];
        for (int i = 0; i < pruned.Length; i++)
        {
            mask.Set(pruned[i], false);
            weights[pruned[i]] = 0;
            moments[i] = mask.Tensor.Offset + pruned[i];
        }

        optimizer.ResetMoments(moments);

        // Regrow where there was no connection before this step; only a nearly dense matrix needs the pruned places too.
        int[] candidates = [.. empty];
        _random.Shuffle(candidates);
        if (candidates.Length < pruned.Length)
        {
            int[] reused = (int[])pruned.Clone();
            _random.Shuffle(reused);
            candidates = [.. candidates, .. reused];
        }

        int[] regrown = candidates[..pruned.Length];
        foreach (int position in regrown)
        {
            mask.Set(position, true);
            weights[position] = 0;
        }

        mask.LastPruned = pruned;
        mask.LastRegrown = regrown;
    }
}
