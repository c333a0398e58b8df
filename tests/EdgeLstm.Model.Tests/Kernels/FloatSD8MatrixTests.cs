using EdgeLstm.Model.Kernels;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class FloatSD8MatrixTests
{
    [Fact]
    public void MultiplyAdd_RandomCodes_EqualsDecodeThenMultiply()
    {
        var random = new Random(31);
        foreach ((int rows, int columns) in KernelTestData.SampledShapes().Where((_, i) => i % 4 == 1))
        {
            var codes = new byte[rows * columns];
            random.NextBytes(codes);
            sbyte[] vector = KernelTestData.Random(random, columns);
            var matrix = new FloatSD8Matrix(codes, rows, columns, offset: 9);
            var actual = new int[rows];

            matrix.MultiplyAdd(vector, [], actual);

            for (int r = 0; r < rows; r++)
            {
                long expected = 0;
                for (int j = 0; j < columns; j++)
                {
                    (int m1, int m2) = FloatSD8.Digits(codes[(r * columns) + j]);
                    expected += ((4 * m1) + m2) * (1L << FloatSD8.Exponent(codes[(r * columns) + j])) * vector[j];
                }

                Assert.Equal(expected, actual[r]);
            }
        }
    }

    [Fact]
    public void MultiplyAddBatch_RandomCodes_EqualsSingleProducts()
    {
        var random = new Random(32);
        var codes = new byte[37 * 70];
        random.NextBytes(codes);
        sbyte[] vectors = KernelTestData.Random(random, 4 * 70);
        int[] bias = KernelTestData.RandomBias(random, 37);
        var matrix = new FloatSD8Matrix(codes, 37, 70, offset: 3);
        var batched = new int[4 * 37];
        var single = new int[4 * 37];

        matrix.MultiplyAddBatch(vectors, 4, bias, batched);
        for (int b = 0; b < 4; b++)
        {
            matrix.MultiplyAdd(vectors.AsSpan(b * 70, 70), bias, single.AsSpan(b * 37, 37));
        }

        Assert.Equal(single, batched);
    }
}
