namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Keeps a uniform random sample of at most a fixed number of scores from a stream of any length (Vitter's
/// Algorithm R), so site learning has bounded memory however long it lasts and however many hosts it sees.</summary>
/// <remarks>A quantile read from a uniform sample of size s estimates the stream's: at the 0.1% tail a sample of 65,536
/// holds about 65 scores above the threshold, a rank error of about 1/√65 ≈ 12% of the target rate.</remarks>
internal sealed class ScoreReservoir
{
    /// <summary>The default number of scores kept (256 KiB).</summary>
    public const int DefaultCapacity = 65_536;

    private readonly float[] _samples;
    private readonly Random _random;

    /// <summary>Initializes an empty reservoir.</summary>
    /// <param name="capacity">The most scores kept.</param>
    /// <param name="seed">The seed of the replacement choices, so a run can be repeated.</param>
    public ScoreReservoir(int capacity = DefaultCapacity, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _samples = new float[capacity];
        _random = new Random(seed);
    }

    /// <summary>Gets the number of scores offered since the reservoir was created or restored.</summary>
    public long Seen { get; private set; }

    /// <summary>Gets the scores kept: every score offered while fewer than the capacity, a uniform sample after.</summary>
    public ReadOnlySpan<float> Samples => _samples.AsSpan(0, (int)Math.Min(Seen, _samples.Length));

    /// <summary>Offers one score; a NaN is ignored and +∞ is kept as the largest float, so the sample stays serializable.</summary>
    public void Add(double score)
    {
        if (double.IsNaN(score))
        {
            return;
        }

        float value = (float)Math.Clamp(score, float.MinValue, float.MaxValue);
        Seen++;
        if (Seen <= _samples.Length)
        {
            _samples[Seen - 1] = value;
            return;
        }

        // Score number Seen replaces a kept one with probability capacity / Seen.
        long slot = _random.NextInt64(Seen);
        if (slot < _samples.Length)
        {
            _samples[slot] = value;
        }
    }

    /// <summary>Restores a reservoir saved as its <see cref="Samples"/> and <see cref="Seen"/>.</summary>
    /// <exception cref="ArgumentException">The samples do not fit, or are inconsistent with the count.</exception>
    public void Restore(ReadOnlySpan<float> samples, long seen)
    {
        if (samples.Length > _samples.Length || seen < samples.Length || (seen > samples.Length && samples.Length < _samples.Length))
        {
            throw new ArgumentException($"{samples.Length} saved scores of {seen} seen do not fit a reservoir of {_samples.Length}.", nameof(samples));
        }

        samples.CopyTo(_samples);
        Seen = seen;
    }
}
