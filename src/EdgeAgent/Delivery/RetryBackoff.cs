namespace EdgeLstm.EdgeAgent.Delivery;

/// <summary>Exponential backoff with jitter: each delay is drawn between half and all of a bound that doubles from a
/// minimum up to a maximum, so a fleet of agents does not reconnect in step after a broker restart.</summary>
internal sealed class RetryBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private TimeSpan _bound;

    /// <summary>Initializes a new instance of the <see cref="RetryBackoff"/> class.</summary>
    /// <param name="min">The bound of the first delay.</param>
    /// <param name="max">The largest bound.</param>
    /// <param name="random">The source of the jitter.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="min"/> is not positive or <paramref name="max"/> is below it.</exception>
    public RetryBackoff(TimeSpan min, TimeSpan max, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        ArgumentNullException.ThrowIfNull(random);
        _min = min;
        _max = max;
        _random = random;
        _bound = min;
    }

    /// <summary>Returns the next delay and doubles the bound, up to the maximum.</summary>
    /// <returns>A delay between half the current bound and the bound.</returns>
    public TimeSpan Next()
    {
        TimeSpan bound = _bound;
        _bound = bound * 2 > _max ? _max : bound * 2;
        return bound * (0.5 + (0.5 * _random.NextDouble()));
    }

    /// <summary>Starts again from the minimum, after a success.</summary>
    public void Reset() => _bound = _min;
}
