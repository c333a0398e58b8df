namespace EdgeLstm.Model.Tests.Kernels;

/// <summary>Builds the inputs of the kernel tests: seeded random and extreme int8 data, and the sampled shapes.</summary>
internal static class KernelTestData
{
    /// <summary>Shapes (rows, columns) with every column count 0..257 and every row count 0..257, each paired with a varying other side.</summary>
    public static IEnumerable<(int Rows, int Columns)> SampledShapes()
    {
        for (int columns = 0; columns <= 257; columns++)
        {
            yield return (1 + ((columns * 37) % 11), columns);
        }

        for (int rows = 0; rows <= 257; rows++)
        {
            yield return (rows, 1 + ((rows * 53) % 70));
        }
    }

    public static sbyte[] Random(Random random, int length)
    {
        var values = new sbyte[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (sbyte)random.Next(sbyte.MinValue, sbyte.MaxValue + 1);
        }

        return values;
    }

    public static short[] RandomFloatSD8(Random random, int length)
    {
        var values = new short[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = EdgeLstm.Model.Quantization.FloatSD8.DecodeInteger((byte)random.Next(256));
        }

        return values;
    }

    public static int[] RandomBias(Random random, int length)
    {
        var values = new int[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = random.Next(int.MinValue, int.MaxValue);
        }

        return values;
    }

    /// <summary>Returns the value at position i of an extreme pattern: 0 all −128, 1 all 127, 2 alternating −128 and 127.</summary>
    public static sbyte Extreme(int pattern, int i) => pattern switch
    {
        0 => sbyte.MinValue,
        1 => sbyte.MaxValue,
        _ => i % 2 == 0 ? sbyte.MinValue : sbyte.MaxValue,
    };

    /// <summary>Returns, for each shape, the weights and vector of every pair of <see cref="Extreme"/> patterns.</summary>
    public static IEnumerable<(int Rows, int Columns, sbyte[] Weights, sbyte[] Vector)> ExtremeCases((int Rows, int Columns)[] shapes)
    {
        foreach ((int rows, int columns) in shapes)
        {
            for (int weightPattern = 0; weightPattern < 3; weightPattern++)
            {
                for (int vectorPattern = 0; vectorPattern < 3; vectorPattern++)
                {
                    yield return (
                        rows,
                        columns,
                        [.. Enumerable.Range(0, rows * columns).Select(i => Extreme(weightPattern, i))],
                        [.. Enumerable.Range(0, columns).Select(i => Extreme(vectorPattern, i))]);
                }
            }
        }
    }
}
