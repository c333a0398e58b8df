using System.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Implements SLIM LSTM 2: the gates i, f, o see only the hidden state, σ(U h).</summary>
internal sealed class Slim2Cell<T>(int inputSize, int hiddenSize)
    : GatedLstmCell<T>(inputSize, hiddenSize, input: GateRange.CandidateOnly, recurrent: GateRange.All, bias: GateRange.CandidateOnly)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override CellKind Kind => CellKind.Slim2;
}
