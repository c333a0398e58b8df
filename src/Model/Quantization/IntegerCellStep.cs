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
/// All products are of int16 values and exact in int32.
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
        int n = cell.HiddenSize;
        for (int gate = 0; gate < cell.GateCount; gate++)
        {
            int inputRow = cell.InputGateRows[gate];
            int recurrentRow = cell.RecurrentGateRows[gate];
            Span<short> preactivations = gates.Slice(gate * n, n);
            if (inputRow >= 0)
            {
                RequantizeKernels.ToQ312(inputAccumulators.Slice(inputRow, n), cell.Input.Multipliers.AsSpan(inputRow, n), cell.Input.Shift, preactivations, accumulate: false);
            }
            else if (recurrentRow < 0)
            {
                cell.ConstantPreactivations.AsSpan(gate * n, n).CopyTo(preactivations);
            }

            if (recurrentRow >= 0)
            {
                RequantizeKernels.ToQ312(recurrentAccumulators.Slice(recurrentRow, n), cell.Recurrent.Multipliers.AsSpan(recurrentRow, n), cell.Recurrent.Shift, preactivations, accumulate: inputRow >= 0);
            }

            if (gate == 0 && cell.Peephole is QuantizedPeephole peephole)
            {
                for (int u = 0; u < preactivations.Length; u++)
                {
                    preactivations[u] = FixedPoint.SaturatingAdd(preactivations[u], peephole.Term(u, cellState[u]));
                }
            }

            if (gate == cell.CandidateGate)
            {
                ActivationKernels.Tanh(preactivations);
            }
            else
            {
                ActivationKernels.Sigmoid(preactivations);
            }
        }

        bool lite = cell.Kind == CellKind.Lite;
        int k = cell.CellExponent;
        Span<short> tanhCell = gates.Slice(cell.GateCount * n, n);
        for (int u = 0; u < n; u++)
        {
            int i = gates[u];
            int f = lite ? i : gates[n + u];
            int g = lite ? gates[n + u] : gates[(2 * n) + u];

            short kept = FixedPoint.SaturateToInt16(FixedPoint.RoundingDivideByPowerOfTwo(f * cellState[u], 15));
            short added = FixedPoint.SaturateToInt16(FixedPoint.RoundingDivideByPowerOfTwo(i * g, 30 - k));
            short c = FixedPoint.SaturatingAdd(kept, added);
            cellState[u] = c;
            tanhCell[u] = k >= 12
                ? (short)FixedPoint.RoundingDivideByPowerOfTwo(c, k - 12)
                : FixedPoint.SaturatingShiftLeft(c, 12 - k);
        }

        ActivationKernels.Tanh(tanhCell);
        ReadOnlySpan<short> output = lite ? gates[..n] : gates.Slice(3 * n, n);
        for (int u = 0; u < n; u++)
        {
            hidden[u] = FixedPoint.SaturateToInt8(FixedPoint.RoundingDivideByPowerOfTwo(output[u] * tanhCell[u], 23));
        }
    }
}
