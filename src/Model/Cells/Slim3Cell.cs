using System.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Implements SLIM LSTM 3: the gates i, f, o are a learned constant, σ(b).</summary>
internal sealed class Slim3Cell<T>(int inputSize, int hiddenSize)
    : GatedLstmCell<T>(inputSize, hiddenSize, input: GateRange.CandidateOnly, recurrent: GateRange.CandidateOnly, bias: GateRange.All)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <inheritdoc/>
    public override CellKind Kind => CellKind.Slim3;
}
