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
        return kind switch
        {
            CellKind.Lstm => new LstmCell<T>(inputSize, hiddenSize),
            CellKind.Lite => new LiteLstmCell<T>(inputSize, hiddenSize, peephole),
            CellKind.Slim1 => new Slim1Cell<T>(inputSize, hiddenSize),
            CellKind.Slim2 => new Slim2Cell<T>(inputSize, hiddenSize),
            CellKind.Slim3 => new Slim3Cell<T>(inputSize, hiddenSize),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown cell kind."),
        };
    }
}
