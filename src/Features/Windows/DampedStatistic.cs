namespace EdgeLstm.Features.Windows;

/// <summary>Holds one damped incremental statistic of Kitsune's AfterImage (Mirsky et al., NDSS 2018):
/// weight, linear sum and squared sum, each decayed by 2^(-λ·Δt) before every update.</summary>
internal struct DampedStatistic
{
    private double _weight;
    private double _sum;
    private double _squaredSum;

    /// <summary>Decays the statistic by <paramref name="factor"/> = 2^(-λ·Δt), then adds <paramref name="value"/>.</summary>
    public void Update(double factor, double value)
    {
        _weight = (_weight * factor) + 1;
        _sum = (_sum * factor) + value;
        _squaredSum = (_squaredSum * factor) + (value * value);
    }

    /// <summary>Writes weight (decayed by <paramref name="factor"/> to the reading time), mean and standard deviation.</summary>
    public readonly void Write(double factor, Span<float> destination)
    {
        double mean = _weight > 0 ? _sum / _weight : 0;
        double variance = _weight > 0 ? (_squaredSum / _weight) - (mean * mean) : 0;
        destination[0] = (float)(_weight * factor);
        destination[1] = (float)mean;
        destination[2] = (float)Math.Sqrt(Math.Max(0, variance));
    }
}
