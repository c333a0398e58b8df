using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Quantization;

/// <summary>Random float cells, their integer versions, and a double-precision step on the dequantised weights.</summary>
internal sealed class CellTestData
{
    public const double InputScale = 4.0 / 255;
    public const int InputZeroPoint = -64;
    public const int CellExponent = 11;

    private CellTestData(CellKind kind, int inputSize, int hiddenSize, float[] bias, QuantizedCell cell)
    {
        Kind = kind;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        Bias = bias;
        Cell = cell;
    }

    public CellKind Kind { get; }

    public int InputSize { get; }

    public int HiddenSize { get; }

    public float[] Bias { get; }

    public QuantizedCell Cell { get; }

    /// <summary>Every cell kind with every weight format, by name (the enums are internal, test methods public).</summary>
    public static TheoryData<string, string> KindsAndFormats()
    {
        var data = new TheoryData<string, string>();
        foreach (CellKind kind in Enum.GetValues<CellKind>())
        {
            foreach (WeightFormat format in Enum.GetValues<WeightFormat>())
            {
                data.Add(kind.ToString(), format.ToString());
            }
        }

        return data;
    }

    public static TheoryData<string> Kinds() => [.. Enum.GetNames<CellKind>()];

    public static CellKind ParseKind(string name) => Enum.Parse<CellKind>(name);

    public static WeightFormat ParseFormat(string name) => Enum.Parse<WeightFormat>(name);

    public static CellTestData Create(CellKind kind, WeightFormat format, int inputSize, int hiddenSize, int seed, bool peephole = true, bool? sparse = null)
    {
        var random = new Random(seed);
        int n = hiddenSize;
        CellDescriptor descriptor = CellDescriptor.For(kind);
        int inputRows = descriptor.InputGates.Count * n;
        int recurrentRows = descriptor.RecurrentGates.Count * n;
        int biasRows = (descriptor.BiasGates.Count + descriptor.RecurrentBiasGates.Count) * n;
        float[] inputWeights = Uniform(random, inputRows * inputSize, 1.5 / Math.Sqrt(inputSize));
        float[] recurrentWeights = Uniform(random, recurrentRows * n, 1.5 / Math.Sqrt(n));
        if (sparse ?? format == WeightFormat.SparseInt8)
        {
            Sparsify(random, inputWeights);
            Sparsify(random, recurrentWeights);
        }

        float[] bias = Uniform(random, biasRows, 1.0);
        float[]? peepholeWeights = descriptor.HasPeephole(peephole) ? Uniform(random, n, 0.5) : null;
        QuantizedCell cell = QuantizedCellFactory.Create(
            kind, inputSize, hiddenSize, inputWeights, recurrentWeights, bias, peepholeWeights, InputScale, InputZeroPoint, CellExponent, format);
        return new CellTestData(kind, inputSize, hiddenSize, bias, cell);
    }

    public static sbyte[] RandomInput(Random random, int length)
    {
        var values = new sbyte[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (sbyte)random.Next(-128, 128);
        }

        return values;
    }

    public static short[] RandomCellState(Random random, int length)
    {
        var values = new short[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (short)random.Next(-2 << CellExponent, 2 << CellExponent);
        }

        return values;
    }

    /// <summary>Steps the cell in double precision on its dequantised weights and the real values of the integer state.</summary>
    public (double[] Hidden, double[] Cell) ReferenceStep(ReadOnlySpan<sbyte> input, double[] hidden, double[] cellState)
    {
        int n = HiddenSize;
        QuantizedCell cell = Cell;
        var x = new double[InputSize];
        for (int j = 0; j < InputSize; j++)
        {
            x[j] = InputScale * (input[j] - InputZeroPoint);
        }

        CellDescriptor descriptor = cell.Descriptor;
        var gates = new double[cell.GateCount, n];
        var gatedRecurrent = new double[n];
        int biasRow = 0;
        for (int gate = 0; gate < cell.GateCount; gate++)
        {
            bool hasBias = descriptor.BiasGates.Contains(gate);
            for (int u = 0; u < n; u++)
            {
                double pre = hasBias ? Bias[biasRow + u] : 0;
                if (cell.InputGateRows[gate] >= 0)
                {
                    int row = cell.InputGateRows[gate] + u;
                    double scale = cell.Input.AccumulatorScales[row] / InputScale;
                    for (int j = 0; j < InputSize; j++)
                    {
                        pre += scale * cell.Input.Weights.WeightAt(row, j) * x[j];
                    }
                }

                if (cell.RecurrentGateRows[gate] >= 0)
                {
                    int row = cell.RecurrentGateRows[gate] + u;
                    double scale = cell.Recurrent.AccumulatorScales[row] / QuantizedCell.HiddenScale;
                    double term = descriptor.RecurrentBiasGates.Contains(gate) ? Bias[(descriptor.BiasGates.Count * n) + ((gate - descriptor.RecurrentBiasGates.First) * n) + u] : 0;
                    for (int j = 0; j < n; j++)
                    {
                        term += scale * cell.Recurrent.Weights.WeightAt(row, j) * hidden[j];
                    }

                    if (gate == cell.CandidateGate && descriptor.ResetGate >= 0)
                    {
                        gatedRecurrent[u] = term;
                    }
                    else
                    {
                        pre += term;
                    }
                }

                if (gate == 0 && cell.Peephole is not null)
                {
                    pre += cell.Peephole.Scale * cell.Peephole.Weights[u] * cellState[u];
                }

                if (gate == cell.CandidateGate && descriptor.ResetGate >= 0)
                {
                    pre += gates[descriptor.ResetGate, u] * gatedRecurrent[u];
                }

                gates[gate, u] = gate == cell.CandidateGate ? Math.Tanh(pre) : 1.0 / (1.0 + Math.Exp(-pre));
            }

            biasRow += hasBias ? n : 0;
        }

        var newHidden = new double[n];
        var newCell = new double[n];
        for (int u = 0; u < n; u++)
        {
            if (!descriptor.HasCellState)
            {
                double z = gates[descriptor.UpdateGate, u];
                newHidden[u] = ((1 - z) * gates[cell.CandidateGate, u]) + (z * hidden[u]);
                continue;
            }

            double i = gates[descriptor.InputGate, u];
            double f = gates[descriptor.ForgetGate, u];
            double g = gates[cell.CandidateGate, u];
            double o = gates[descriptor.OutputGate, u];
            newCell[u] = (f * cellState[u]) + (i * g);
            newHidden[u] = o * Math.Tanh(newCell[u]);
        }

        return (newHidden, newCell);
    }

    public static double[] RealHidden(ReadOnlySpan<sbyte> hidden)
    {
        var values = new double[hidden.Length];
        for (int i = 0; i < hidden.Length; i++)
        {
            values[i] = hidden[i] * QuantizedCell.HiddenScale;
        }

        return values;
    }

    public static double[] RealCell(ReadOnlySpan<short> cellState)
    {
        var values = new double[cellState.Length];
        for (int i = 0; i < cellState.Length; i++)
        {
            values[i] = Math.ScaleB(cellState[i], -CellExponent);
        }

        return values;
    }

    private static float[] Uniform(Random random, int length, double range)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2 - 1) * range);
        }

        return values;
    }

    private static void Sparsify(Random random, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble() < 0.2 ? values[i] : 0;
        }
    }
}
