namespace EdgeLstm.Model.Quantization;

/// <summary>Configures post-training quantization.</summary>
internal sealed record QuantizationOptions
{
    /// <summary>Gets the weight format of the cell and head matrices.</summary>
    public WeightFormat Format { get; init; } = WeightFormat.Int8;

    /// <summary>Gets the fraction of calibration inputs allowed below (and, mirrored, above) the int8 input range: outliers are clipped rather than stretching the scale.</summary>
    public double InputTailFraction { get; init; } = 0.001;

    /// <summary>Gets the headroom over the largest calibrated |c| that the power-of-two cell range must cover.</summary>
    public double CellHeadroom { get; init; } = 1.25;
}
