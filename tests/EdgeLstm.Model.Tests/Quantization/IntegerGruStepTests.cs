using EdgeLstm.Model.Kernels;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Quantization;

/// <summary>Checks the integer GRU step bit for bit against a scalar restatement of its specification, on whichever
/// kernel paths the machine and the DOTNET_Enable* switches leave on (test.sh runs the Kernels category under each).</summary>
[Trait("Category", "Kernels")]
public sealed class IntegerGruStepTests
{
    public static TheoryData<string> Formats => [.. Enum.GetNames<WeightFormat>()];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Update_RandomStatesAndOddSizes_EqualsScalarSpecification(string formatName)
    {
        WeightFormat format = CellTestData.ParseFormat(formatName);
        foreach ((int m, int n) in new[] { (1, 1), (5, 7), (13, 21), (16, 33), (31, 64) })
        {
            CellTestData data = CellTestData.Create(CellKind.Gru, format, m, n, seed: (m * 100) + n);
            var runner = new QuantizedCellRunner(data.Cell);
            var random = new Random(n);
            for (int trial = 0; trial < 25; trial++)
            {
                sbyte[] hidden = trial switch
                {
                    0 => Enumerable.Repeat(sbyte.MinValue, n).ToArray(),
                    1 => Enumerable.Repeat(sbyte.MaxValue, n).ToArray(),
                    _ => CellTestData.RandomInput(random, n),
                };
                sbyte[] input = trial == 2 ? Enumerable.Range(0, m).Select(j => j % 2 == 0 ? sbyte.MinValue : sbyte.MaxValue).ToArray() : CellTestData.RandomInput(random, m);
                runner.SetState(hidden, new short[n]);

                runner.Step(input);

                sbyte[] expected = Specification(data.Cell, input, hidden);
                sbyte[] actual = runner.Hidden.ToArray();
                int first = Array.FindIndex(Enumerable.Range(0, n).ToArray(), u => expected[u] != actual[u]);
                Assert.True(first < 0, $"m = {m}, n = {n}, trial {trial}: h[{first}] is {(first < 0 ? 0 : actual[first])}, the specification gives {(first < 0 ? 0 : expected[first])}");
            }
        }
    }

    [Fact]
    public void Update_SilentCell_KeepsTheCellStateAtZero()
    {
        CellTestData data = CellTestData.Create(CellKind.Gru, WeightFormat.Int8, 4, 6, seed: 1);
        var runner = new QuantizedCellRunner(data.Cell);
        runner.SetState(new sbyte[6], [100, -100, 7, 8, 9, 10]);

        runner.Step([1, 2, 3, 4]);

        Assert.All(runner.CellState.ToArray(), c => Assert.Equal(0, c));
        Assert.Contains(runner.Hidden.ToArray(), h => h != 0);
    }

    // IntegerGruStep's remarks, one unit at a time, on int64 accumulators and the reference activations.
    private static sbyte[] Specification(QuantizedCell cell, sbyte[] input, sbyte[] hidden)
    {
        int n = cell.HiddenSize;
        var terms = new short[2, 3 * n];
        for (int row = 0; row < 3 * n; row++)
        {
            terms[0, row] = Term(cell.Input, row, input);
            terms[1, row] = Term(cell.Recurrent, row, hidden);
        }

        var result = new sbyte[n];
        for (int u = 0; u < n; u++)
        {
            short r = Sigmoid(FixedPoint.SaturatingAdd(terms[0, u], terms[1, u]));
            short z = Sigmoid(FixedPoint.SaturatingAdd(terms[0, n + u], terms[1, n + u]));
            short gated = FixedPoint.SaturateToInt16(FixedPoint.RoundingDivideByPowerOfTwo(r * terms[1, (2 * n) + u], 15));
            short[] candidate = [FixedPoint.SaturatingAdd(terms[0, (2 * n) + u], gated)];
            ActivationKernels.TanhReference(candidate);
            int next = candidate[0] + FixedPoint.RoundingDivideByPowerOfTwo(z * ((hidden[u] * 256) - candidate[0]), 15);
            result[u] = (sbyte)Math.Clamp(FixedPoint.RoundingDivideByPowerOfTwo(next, 8), -128, 127);
        }

        return result;
    }

    private static short Term(QuantizedProjection projection, int row, sbyte[] vector)
    {
        long accumulator = projection.Bias[row];
        for (int j = 0; j < vector.Length; j++)
        {
            accumulator += (long)projection.Weights.WeightAt(row, j) * vector[j];
        }

        return FixedPoint.SaturateToInt16(FixedPoint.MultiplyByQuantizedMultiplier(checked((int)accumulator), projection.Multipliers[row], projection.Shift));
    }

    private static short Sigmoid(short preactivation)
    {
        short[] value = [preactivation];
        ActivationKernels.SigmoidReference(value);
        return value[0];
    }
}
