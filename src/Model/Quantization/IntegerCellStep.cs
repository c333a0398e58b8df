using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Computes the element-wise part of an integer cell step, after the matrix products: gate pre-activations, LUT
/// activations, the cell update and the new hidden state. The scalar code here is the specification.
/// </summary>
/// <remarks>
/// Per unit u, with gates in Q0.15 (i = f = o = s for lite) and k the cell exponent:
/// <list type="bullet">
/// <item>pre = SaturatingAdd(input term, recurrent term) [+ peephole term], each term
/// SaturateToInt16(MultiplyByQuantizedMultiplier(accumulator, multiplier[row], shift)) in Q3.12
/// (<see cref="RequantizeKernels"/>); a gate with neither term takes its stored constant;</item>
/// <item>c' = SaturatingAdd(RoundingDivideByPOT(f · c, 15), RoundingDivideByPOT(i · g, 30 − k)), each part saturated to int16;</item>
/// <item>t = tanh of c' in Q3.12: RoundingDivideByPOT(c', k − 12) when k ≥ 12, else c' shifted left by 12 − k with saturation;</item>
/// <item>h' = clamp(RoundingDivideByPOT(o · t, 23), −128, 127), which is o·tanh(c') at scale 1/128.</item>
/// </list>
/// All products are of int16 values and exact in int32. The gates that play i, f and o come from the kind's
/// <see cref="CellDescriptor"/>; a kind without a cell state (gru) takes <see cref="IntegerGruStep"/> instead.
/// </remarks>
internal static class IntegerCellStep
{
    /// <summary>Updates one entity's state from its accumulators.</summary>
    /// <param name="cell">The cell.</param>
    /// <param name="inputAccumulators">W x + bias, one per input-projection row.</param>
    /// <param name="recurrentAccumulators">U h + bias, one per recurrent-projection row.</param>
    /// <param name="gates">Scratch for the activated gates and tanh(c'), (GateCount + 1) × n.</param>
    /// <param name="cellState">The cell state c, n long, updated in place.</param>
    /// <param name="hidden">Receives the new hidden state h', n long.</param>
    public static void Update(
        QuantizedCell cell,
        ReadOnlySpan<int> inputAccumulators,
        ReadOnlySpan<int> recurrentAccumulators,
        Span<short> gates,
        Span<short> cellState,
        Span<sbyte> hidden)
    {
        if (!cell.Descriptor.HasCellState)
        {
            // A kind without a cell state keeps c at 0, as the float cells do.
            cellState.Clear();
            IntegerGruStep.Update(cell, inputAccumulators, recurrentAccumulators, gates, hidden);
            return;
        }

        int n = cell.HiddenSize;
        Span<short> preactivations = gates[..(cell.GateCount * n)];
        if (cell.EveryGateHasBothProjections)
        {
            // Rows and gates share one order, so both projections are requantized and summed in one pass (the lstm case).
            RequantizeKernels.ToQ312Sum(InputTerms(cell, inputAccumulators), RecurrentTerms(cell, recurrentAccumulators), preactivations);
        }
        else
        {
            for (int gate = 0; gate < cell.GateCount; gate++)
            {
                Preactivate(cell, gate, inputAccumulators, recurrentAccumulators, preactivations.Slice(gate * n, n));
            }
        }

        if (cell.Peephole is QuantizedPeephole peephole)
        {
            Span<short> first = preactivations[..n];
            for (int u = 0; u < n; u++)
            {
                first[u] = FixedPoint.SaturatingAdd(first[u], peephole.Term(u, cellState[u]));
            }
        }

        // Sigmoid on the gates before and after the candidate, tanh on the candidate.
        ActivationKernels.ActivateGates(preactivations, cell.CandidateGate * n, n);

        CellDescriptor descriptor = cell.Descriptor;
        Span<short> tanhCell = gates.Slice(cell.GateCount * n, n);
        ReadOnlySpan<short> inputGate = gates.Slice(descriptor.InputGate * n, n);
        ReadOnlySpan<short> forgetGate = gates.Slice(descriptor.ForgetGate * n, n);
        ReadOnlySpan<short> candidate = gates.Slice(cell.CandidateGate * n, n);
        CellUpdateKernels.UpdateCell(inputGate, forgetGate, candidate, cellState, tanhCell, cell.CellExponent);
        ActivationKernels.Tanh(tanhCell);
        ReadOnlySpan<short> output = gates.Slice(descriptor.OutputGate * n, n);
        CellUpdateKernels.Hidden(output, tanhCell, hidden);
    }

    /// <summary>Returns the input projection's Q3.12 terms of the accumulators.</summary>
    internal static ProjectionTerms InputTerms(QuantizedCell cell, ReadOnlySpan<int> accumulators) =>
        new(accumulators, cell.Input.Multipliers, cell.Input.Shift);

    /// <summary>Returns the recurrent projection's Q3.12 terms of the accumulators.</summary>
    internal static ProjectionTerms RecurrentTerms(QuantizedCell cell, ReadOnlySpan<int> accumulators) =>
        new(accumulators, cell.Recurrent.Multipliers, cell.Recurrent.Shift);

    // One gate's Q3.12 pre-activation: its input term, plus its recurrent term, or its constant when it has neither.
    private static void Preactivate(QuantizedCell cell, int gate, ReadOnlySpan<int> inputAccumulators, ReadOnlySpan<int> recurrentAccumulators, Span<short> preactivations)
    {
        int n = cell.HiddenSize;
        int inputRow = cell.InputGateRows[gate];
        int recurrentRow = cell.RecurrentGateRows[gate];
        ProjectionTerms input = InputTerms(cell, inputAccumulators);
        ProjectionTerms recurrent = RecurrentTerms(cell, recurrentAccumulators);
        if (inputRow >= 0 && recurrentRow >= 0)
        {
            RequantizeKernels.ToQ312Sum(input.Slice(inputRow, n), recurrent.Slice(recurrentRow, n), preactivations);
        }
        else if (inputRow >= 0 || recurrentRow >= 0)
        {
            ProjectionTerms only = inputRow >= 0 ? input.Slice(inputRow, n) : recurrent.Slice(recurrentRow, n);
            RequantizeKernels.ToQ312(only.Accumulators, only.Multipliers, only.Shift, preactivations, accumulate: false);
        }
        else
        {
            cell.ConstantPreactivations.AsSpan(gate * n, n).CopyTo(preactivations);
        }
    }
}
