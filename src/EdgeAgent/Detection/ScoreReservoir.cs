namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Keeps a uniform random sample of at most a fixed number of windows' scores, with each window's policy value
/// (<see cref="EdgeLstm.Model.AlertPolicyShape.PolicyValues"/>), from a stream of any length (Vitter's Algorithm R), so
/// site learning has bounded memory however long it lasts and however many hosts it sees.</summary>
/// <remarks>A quantile read from a uniform sample of size s estimates the stream's: at the 0.1% tail a sample of 65,536
/// holds about 65 scores above the threshold, a rank error of about 1/√65 ≈ 12% of the target rate.</remarks>
internal sealed class ScoreReservoir
{
    /// <summary>The default number of scores kept (256 KiB).</summary>
    public const int DefaultCapacity = 65_536;

    private readonly float[] _samples;
    private readonly float[] _policyValues;
    private readonly Random _random;

    /// <summary>Initializes an empty reservoir.</summary>
    /// <param name="capacity">The most scores kept.</param>
    /// <param name="seed">The seed of the replacement choices, so a run can be repeated.</param>
    public ScoreReservoir(int capacity = DefaultCapacity, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _samples = new float[capacity];
        _policyValues = new float[capacity];
        _random = new Random(seed);
    }

    /// <summary>Gets the number of scores offered since the reservoir was created or restored.</summary>
    public long Seen { get; private set; }

    /// <summary>Gets the scores kept: every score offered while fewer than the capacity, a uniform sample after.</summary>
    public ReadOnlySpan<float> Samples => _samples.AsSpan(0, (int)Math.Min(Seen, _samples.Length));

    /// <summary>Gets the policy values of the windows kept, in the order of <see cref="Samples"/>.</summary>
    public ReadOnlySpan<float> PolicyValues => _policyValues.AsSpan(0, (int)Math.Min(Seen, _policyValues.Length));

    /// <summary>Offers one window; a NaN score is ignored and ±∞ are kept as the extreme floats, so the sample stays serializable.</summary>
    /// <param name="score">The window's score.</param>
    /// <param name="policyValue">The lowest threshold at which the window would be an alert decision.</param>
    public void Add(double score, double policyValue)
    {
        if (double.IsNaN(score) || double.IsNaN(policyValue))
        {
            return;
        }

        float value = (float)Math.Clamp(score, float.MinValue, float.MaxValue);
        float policy = (float)Math.Clamp(policyValue, float.MinValue, float.MaxValue);
        Seen++;
        long slot = Seen <= _samples.Length ? Seen - 1 : _random.NextInt64(Seen);

        // Window number Seen replaces a kept one with probability capacity / Seen.
        if (slot < _samples.Length)
        {
            _samples[slot] = value;
            _policyValues[slot] = policy;
        }
    }

    /// <summary>Restores a reservoir saved as its <see cref="Samples"/>, <see cref="PolicyValues"/> and <see cref="Seen"/>.</summary>
    /// <exception cref="ArgumentException">The samples do not fit, or are inconsistent with the count or each other.</exception>
    public void Restore(ReadOnlySpan<float> samples, ReadOnlySpan<float> policyValues, long seen)
    {
        if (samples.Length > _samples.Length || seen < samples.Length || (seen > samples.Length && samples.Length < _samples.Length)
            || policyValues.Length != samples.Length)
        {
            throw new ArgumentException($"{samples.Length} saved scores ({policyValues.Length} policy values) of {seen} seen do not fit a reservoir of {_samples.Length}.", nameof(samples));
        }

        samples.CopyTo(_samples);
        policyValues.CopyTo(_policyValues);
        Seen = seen;
    }
}
