using EdgeLstm.Model;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Configures the <c>quantize</c> command (and <c>train --quantize</c>): calibration and the held-out comparison.</summary>
internal sealed record QuantizationSettings
{
    /// <summary>Gets the most calibration sequences, evenly spaced over the data.</summary>
    public int MaxSequences { get; init; } = 20_000;

    /// <summary>Gets the fraction of each feature's calibration values at each end left out of its robust range, the range the headroom stretches.</summary>
    public double InputTail { get; init; } = ModelQuantization.DefaultInputTailFraction;

    /// <summary>Gets how far each robust input range is stretched about 0, as a fraction of it.</summary>
    public double InputHeadroom { get; init; } = ModelQuantization.DefaultInputHeadroom;

    /// <summary>Gets held-out data to compare the integer model with the float model on, or <see langword="null"/>.</summary>
    public DatasetSpec? Test { get; init; }
}
