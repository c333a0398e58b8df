using System.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Implements the standard LSTM: every gate sees the input, the hidden state and a bias.</summary>
internal sealed class LstmCell<T>(int inputSize, int hiddenSize)
    : GatedLstmCell<T>(inputSize, hiddenSize, input: GateRange.All, recurrent: GateRange.All, bias: GateRange.All)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override CellKind Kind => CellKind.Lstm;
}
