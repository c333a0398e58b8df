using System.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Implements SLIM LSTM 1: the gates i, f, o see only the hidden state and a bias, σ(U h + b).</summary>
internal sealed class Slim1Cell<T>(int inputSize, int hiddenSize)
    : GatedLstmCell<T>(inputSize, hiddenSize, input: GateRange.CandidateOnly, recurrent: GateRange.All, bias: GateRange.All)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override CellKind Kind => CellKind.Slim1;
}
