namespace EdgeLstm.Model.Quantization;

/// <summary>Configures post-training quantization.</summary>
internal sealed record QuantizationOptions
{
    /// <summary>Gets the weight format of the cell and head matrices.</summary>
    public WeightFormat Format { get; init; } = WeightFormat.Int8;

    /// <summary>Gets the fraction of each feature's calibration values allowed below (and, mirrored, above) its int8 input range before the headroom: outliers are clipped rather than stretching the scale.</summary>
    public double InputTailFraction { get; init; }

    /// <summary>Gets how far each input range is stretched about 0 beyond the calibrated one, as a fraction of it: 1 doubles it, so traffic up to twice the calibration extremes is not clipped.</summary>
    public double InputHeadroom { get; init; } = ModelQuantization.DefaultInputHeadroom;

    /// <summary>Gets the headroom over the largest calibrated |c| that the power-of-two cell range must cover.</summary>
    public double CellHeadroom { get; init; } = 1.25;
}
