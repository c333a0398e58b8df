namespace EdgeLstm.Model.Quantization;

/// <summary>Holds an integer model: the configuration of its float model, the integer cell and the integer head.</summary>
internal sealed class QuantizedSequenceModel
{
    /// <summary>Initializes the model.</summary>
    public QuantizedSequenceModel(ModelConfig config, QuantizedCell cell, QuantizedHead head)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(head);
        Config = config;
        Cell = cell;
        Head = head;
    }

    /// <summary>Gets the configuration of the float model this was quantized from.</summary>
    public ModelConfig Config { get; }

    /// <summary>Gets the integer cell.</summary>
    public QuantizedCell Cell { get; }

    /// <summary>Gets the integer head on the hidden state.</summary>
    public QuantizedHead Head { get; }
}
