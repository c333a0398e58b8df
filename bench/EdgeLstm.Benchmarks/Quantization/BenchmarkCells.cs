using EdgeLstm.Model;
using EdgeLstm.Model.Cells;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Benchmarks.Quantization;

/// <summary>Builds integer cells with seeded random weights for the benchmarks (timings do not depend on the values).</summary>
internal static class BenchmarkCells
{
    public static QuantizedCell Create(CellKind kind, WeightFormat format, int inputSize, int hiddenSize, double density = 1.0)
    {
        var random = new Random(42);
        int n = hiddenSize;
        CellDescriptor descriptor = CellDescriptor.For(kind);
        float[] inputWeights = Uniform(random, descriptor.InputGates.Count * n * inputSize, 1.0 / Math.Sqrt(inputSize), density);
        float[] recurrentWeights = Uniform(random, descriptor.RecurrentGates.Count * n * n, 1.0 / Math.Sqrt(n), density);
        float[] bias = Uniform(random, (descriptor.BiasGates.Count + descriptor.RecurrentBiasGates.Count) * n, 0.5, 1.0);
        float[]? peephole = descriptor.SupportsPeephole ? Uniform(random, n, 0.5, 1.0) : null;
        return QuantizedCellFactory.Create(kind, inputSize, hiddenSize, inputWeights, recurrentWeights, bias, peephole, 4.0 / 255, -64, 11, format);
    }

    public static sbyte[] Inputs(int length)
    {
        var random = new Random(7);
        var values = new sbyte[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (sbyte)random.Next(-128, 128);
        }

        return values;
    }

    private static float[] Uniform(Random random, int length, double range, double density)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.NextDouble() < density ? (float)(((random.NextDouble() * 2) - 1) * range) : 0f;
        }

        return values;
    }
}
