namespace EdgeLstm.Model.Quantization;

/// <summary>Configures post-training quantization.</summary>
internal sealed record QuantizationOptions
{
    /// <summary>Gets the weight format of the cell and head matrices.</summary>
    public WeightFormat Format { get; init; } = WeightFormat.Int8;

    /// <summary>Gets the fraction of each feature's calibration values at each end left out of its robust range [P(f), P(1 − f)], the range the headroom stretches (the full calibrated range is covered in any case).</summary>
    public double InputTailFraction { get; init; } = ModelQuantization.DefaultInputTailFraction;

    /// <summary>Gets how far each robust input range is stretched about 0, as a fraction of it: 2 triples it, so new traffic up to three times the robust extremes is not clipped.</summary>
    public double InputHeadroom { get; init; } = ModelQuantization.DefaultInputHeadroom;

    /// <summary>Gets the headroom over the largest calibrated |c| that the power-of-two cell range must cover.</summary>
    public double CellHeadroom { get; init; } = 1.25;
}
