using System.Numerics;
using EdgeLstm.Model.Cells;

namespace EdgeLstm.Model;

/// <summary>Creates freshly initialized <see cref="SequenceModel{T}"/> instances.</summary>
public static class SequenceModel
{
    /// <summary>Creates a model with PyTorch's initialization: every parameter uniform in [−1/√n, 1/√n].</summary>
    /// <typeparam name="T">The float type.</typeparam>
    /// <param name="config">The configuration; it is validated.</param>
    /// <param name="seed">The random seed; the same seed gives the same parameters.</param>
    public static SequenceModel<T> Create<T>(ModelConfig config, int seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        SequenceModel<T> model = CreateZeroed<T>(config);
        model.Cell.Initialize(model.Parameters, new Random(seed));
        return model;
    }

    /// <summary>Creates a model whose parameters are all zero, for a caller that fills them (a model-file reader).</summary>
    /// <typeparam name="T">The float type.</typeparam>
    /// <param name="config">The configuration; it is validated.</param>
    public static SequenceModel<T> CreateZeroed<T>(ModelConfig config)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        RecurrentCell<T> cell = CellFactory.Create<T>(config.Cell, config.InputSize, config.HiddenSize, config.Peephole);
        return new SequenceModel<T>(config, new T[cell.ParameterCount + (config.OutputSize * (config.HiddenSize + 1))]);
    }
}
