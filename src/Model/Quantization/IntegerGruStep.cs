using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Computes the element-wise part of an integer GRU step, after the matrix products: the reset and update gates, the
/// candidate with its reset-gated recurrent term, and the new hidden state. The scalar code here is the specification.
/// </summary>
/// <remarks>
/// Per unit u, with r, z and n in Q0.15 and every term SaturateToInt16(MultiplyByQuantizedMultiplier(accumulator,
/// multiplier[row], shift)) in Q3.12 (<see cref="RequantizeKernels"/>); b_hn is in the recurrent accumulator of n:
/// <list type="bullet">
/// <item>r, z = σ(SaturatingAdd(input term, recurrent term));</item>
/// <item>n = tanh(SaturatingAdd(input term, SaturateToInt16(RoundingDivideByPOT(r · recurrent term, 15))));</item>
/// <item>h' = clamp(RoundingDivideByPOT(n + RoundingDivideByPOT(z · (256 · h − n), 15), 8), −128, 127), which is
/// (1 − z)·n + z·h at scale 1/128 (256 · h is h in Q0.15).</item>
/// </list>
/// Every product is of int16 values, or of an int16 and a 17-bit difference, and exact in int32.
/// </remarks>
internal static class IntegerGruStep
{
    /// <summary>Updates one entity's hidden state from its accumulators.</summary>
    /// <param name="cell">The cell, of a kind with reset and update gates.</param>
    /// <param name="inputAccumulators">W x + bias, one per input-projection row (3n).</param>
    /// <param name="recurrentAccumulators">U h + b_hh, one per recurrent-projection row (3n).</param>
    /// <param name="gates">Scratch for the gates and the candidate's recurrent term, 4n.</param>
    /// <param name="hidden">The hidden state h, n long, replaced by h'.</param>
    public static void Update(
        QuantizedCell cell,
        ReadOnlySpan<int> inputAccumulators,
        ReadOnlySpan<int> recurrentAccumulators,
        Span<short> gates,
        Span<sbyte> hidden)
    {
        int n = cell.HiddenSize;
        CellDescriptor descriptor = cell.Descriptor;
        ProjectionTerms input = IntegerCellStep.InputTerms(cell, inputAccumulators);
        ProjectionTerms recurrent = IntegerCellStep.RecurrentTerms(cell, recurrentAccumulators);
        int candidate = cell.CandidateGate * n;

        // r and z are the first two blocks of both projections; both are activated by one sigmoid pass.
        RequantizeKernels.ToQ312Sum(input.Slice(0, 2 * n), recurrent.Slice(0, 2 * n), gates[..(2 * n)]);
        ActivationKernels.Sigmoid(gates[..(2 * n)]);
        Span<short> preCandidate = gates.Slice(candidate, n);
        Span<short> recurrentCandidate = gates.Slice(cell.GateCount * n, n);
        ProjectionTerms inputCandidate = input.Slice(cell.InputGateRows[cell.CandidateGate], n);
        ProjectionTerms gated = recurrent.Slice(cell.RecurrentGateRows[cell.CandidateGate], n);
        RequantizeKernels.ToQ312(inputCandidate.Accumulators, inputCandidate.Multipliers, inputCandidate.Shift, preCandidate, accumulate: false);
        RequantizeKernels.ToQ312(gated.Accumulators, gated.Multipliers, gated.Shift, recurrentCandidate, accumulate: false);

        ReadOnlySpan<short> reset = gates.Slice(descriptor.ResetGate * n, n);
        for (int u = 0; u < n; u++)
        {
            short resetTerm = FixedPoint.SaturateToInt16(FixedPoint.RoundingDivideByPowerOfTwo(reset[u] * recurrentCandidate[u], 15));
            preCandidate[u] = FixedPoint.SaturatingAdd(preCandidate[u], resetTerm);
        }

        ActivationKernels.Tanh(preCandidate);
        ReadOnlySpan<short> update = gates.Slice(descriptor.UpdateGate * n, n);
        for (int u = 0; u < n; u++)
        {
            int next = preCandidate[u] + FixedPoint.RoundingDivideByPowerOfTwo(update[u] * ((hidden[u] << 8) - preCandidate[u]), 15);
            hidden[u] = (sbyte)Math.Clamp(FixedPoint.RoundingDivideByPowerOfTwo(next, 8), sbyte.MinValue, sbyte.MaxValue);
        }
    }
}
