using System.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Creates the cell that a <see cref="CellKind"/> names: the one registration point for cell variants.</summary>
internal static class CellFactory
{
    /// <summary>Creates a cell.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is unknown or a size is not positive.</exception>
    public static RecurrentCell<T> Create<T>(CellKind kind, int inputSize, int hiddenSize, bool peephole)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CellDescriptor descriptor = CellDescriptor.For(kind);
        return kind switch
        {
            CellKind.Lstm or CellKind.Slim1 or CellKind.Slim2 or CellKind.Slim3 => new GatedLstmCell<T>(descriptor, inputSize, hiddenSize),
            CellKind.Lite => new LiteLstmCell<T>(inputSize, hiddenSize, peephole),
            CellKind.Gru => new GruCell<T>(inputSize, hiddenSize),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown cell kind."),
        };
    }
}
