using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class SparseInt8MatrixTests
{
    [Fact]
    public void MultiplyAdd_SameWeightsAsDense_IdenticalResults()
    {
        var random = new Random(2024);
        foreach ((int rows, int columns) in KernelTestData.SampledShapes().Where((_, i) => i % 4 == 0))
        {
            sbyte[] weights = KernelTestData.Random(random, rows * columns);
            for (int i = 0; i < weights.Length; i++)
            {
                // About 10% density, the SET-LSTM regime.
                weights[i] = random.NextDouble() < 0.1 ? weights[i] : (sbyte)0;
            }

            sbyte[] vectors = KernelTestData.Random(random, 3 * columns);
            int[] bias = KernelTestData.RandomBias(random, rows);
            var dense = new Int8Matrix(weights, rows, columns);
            SparseInt8Matrix sparse = SparseInt8Matrix.FromDense(weights, rows, columns);
            var expected = new int[3 * rows];
            var actual = new int[3 * rows];

            dense.MultiplyAddBatch(vectors, 3, bias, expected);
            sparse.MultiplyAddBatch(vectors, 3, bias, actual);
            Assert.Equal(expected, actual);

            sparse.MultiplyAdd(vectors.AsSpan(0, columns), bias, actual);
            Assert.Equal(expected.AsSpan(0, rows).ToArray(), actual.AsSpan(0, rows).ToArray());
            Assert.Equal(weights.Count(w => w != 0), sparse.NonZeroCount);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    [InlineData(0.1)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void MultiplyAdd_LstmShapesAtDensity_IdenticalToDense(double density)
    {
        var random = new Random(17);
        foreach ((int rows, int columns) in new[] { (1024, 32), (1024, 256), (256, 600), (100, 257) })
        {
            sbyte[] weights = CompressedRows.RandomDense(random, rows, columns, density);
            sbyte[] vectors = KernelTestData.Random(random, 2 * columns);
            int[] bias = KernelTestData.RandomBias(random, rows);
            var expected = new int[2 * rows];
            var actual = new int[2 * rows];

            new Int8Matrix(weights, rows, columns).MultiplyAddBatch(vectors, 2, bias, expected);
            SparseInt8Matrix sparse = SparseInt8Matrix.FromDense(weights, rows, columns);
            sparse.MultiplyAdd(vectors.AsSpan(0, columns), bias, actual);
            sparse.MultiplyAdd(vectors.AsSpan(columns), bias, actual.AsSpan(rows));
            SequenceAssert.Equal(expected, actual, $"MultiplyAdd differs at {rows} × {columns}.");
            Array.Clear(actual);
            sparse.MultiplyAddBatch(vectors, 2, bias, actual);
            SequenceAssert.Equal(expected, actual, $"MultiplyAddBatch differs at {rows} × {columns}.");
        }
    }

    [Fact]
    public void MultiplyAdd_AfterFirstCall_AllocatesNothing()
    {
        var random = new Random(23);
        SparseInt8Matrix sparse = SparseInt8Matrix.FromDense(CompressedRows.RandomDense(random, 1024, 300, 0.1), 1024, 300);
        sbyte[] vectors = KernelTestData.Random(random, 3 * 300);
        int[] bias = KernelTestData.RandomBias(random, 1024);
        var destination = new int[3 * 1024];
        Assert.Equal(0, SteadyStateAllocations.Measure(() =>
        {
            sparse.MultiplyAdd(vectors.AsSpan(0, 300), bias, destination);
            sparse.MultiplyAddBatch(vectors, 3, [], destination);
        }));
    }

    [Fact]
    public void WeightAt_AnyPosition_EqualsDenseWeight()
    {
        var random = new Random(8);
        sbyte[] weights = [.. KernelTestData.Random(random, 13 * 29).Select(w => w % 3 == 0 ? w : (sbyte)0)];
        SparseInt8Matrix sparse = SparseInt8Matrix.FromDense(weights, 13, 29);

        for (int r = 0; r < 13; r++)
        {
            for (int j = 0; j < 29; j++)
            {
                Assert.Equal(weights[(r * 29) + j], sparse.WeightAt(r, j));
            }
        }
    }

    [Fact]
    public void Constructor_ColumnsOutOfOrder_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SparseInt8Matrix([0, 2], [3, 1], [1, 1], 1, 4));
    }

    [Fact]
    public void Constructor_ColumnOutOfRange_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SparseInt8Matrix([0, 1], [4], [1], 1, 4));
    }

    [Fact]
    public void Constructor_RowStartsNotCoveringValues_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SparseInt8Matrix([0, 1], [0, 1], [1, 1], 1, 4));
    }
}
