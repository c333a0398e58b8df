using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

/// <summary>Compares each sparse SIMD path (<see cref="SparseVector128Path"/>, <see cref="SparseVbmiPath"/>) with <see cref="ReferenceKernels.SparseMultiplyAdd"/>.</summary>
[Trait("Category", "Kernels")]
public sealed class SparseKernelPathsTests
{
    private static readonly double[] s_densities = [0, 0.01, 0.1, 0.5, 1];

    public static TheoryData<string> Paths => KernelPaths.Names(SparseInt8Matrix.Paths);

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MultiplyAdd_SampledShapesAndDensities_EqualsReference(string path)
    {
        SparseKernel kernel = KernelPaths.Supported(SparseInt8Matrix.Paths, path);
        var random = new Random(31);
        foreach ((int rows, int columns) in KernelTestData.SampledShapes())
        {
            foreach (double density in s_densities)
            {
                AssertEqualsReference(kernel, path, random, CompressedRows.RandomDense(random, rows, columns, density), rows, columns, $"{rows} × {columns} at density {density}");
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MultiplyAdd_RandomShapesAndDensities_EqualsReference(string path)
    {
        SparseKernel kernel = KernelPaths.Supported(SparseInt8Matrix.Paths, path);
        var random = new Random(57);
        for (int i = 0; i < 200; i++)
        {
            int rows = random.Next(1, 258);
            int columns = random.Next(1, 258);
            double density = s_densities[i % s_densities.Length];
            AssertEqualsReference(kernel, path, random, CompressedRows.RandomDense(random, rows, columns, density), rows, columns, $"{rows} × {columns} at density {density}");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MultiplyAdd_ExtremeValues_EqualsReference(string path)
    {
        SparseKernel kernel = KernelPaths.Supported(SparseInt8Matrix.Paths, path);
        (int Rows, int Columns)[] shapes = [(257, 257), (16, 256), (33, 600), (7, 255), (1024, 32)];
        foreach ((int rows, int columns) in shapes)
        {
            for (int weightPattern = 0; weightPattern < 3; weightPattern++)
            {
                for (int vectorPattern = 0; vectorPattern < 3; vectorPattern++)
                {
                    // Every other row full, the rest empty, so full-length rows meet padded ones in each block.
                    sbyte[] weights = [.. Enumerable.Range(0, rows * columns).Select(i => (i / columns) % 2 == 0 ? KernelTestData.Extreme(weightPattern, i) : (sbyte)0)];
                    sbyte[] vector = [.. Enumerable.Range(0, columns).Select(i => KernelTestData.Extreme(vectorPattern, i))];
                    CompressedRows csr = CompressedRows.FromDense(weights, rows, columns);
                    var expected = new int[rows];
                    var actual = new int[rows];
                    ReferenceKernels.SparseMultiplyAdd(csr.RowStarts, csr.ColumnIndices, csr.Values, rows, vector, [], expected);
                    kernel.MultiplyAdd(SparseKernelPaths.Layout(kernel, csr), vector, [], actual);
                    SequenceAssert.Equal(expected, actual, $"{path} differs at {rows} × {columns}, patterns {weightPattern}, {vectorPattern}.");
                }
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MultiplyAdd_EmptyRowsBlocksAndPanels_EqualsReference(string path)
    {
        SparseKernel kernel = KernelPaths.Supported(SparseInt8Matrix.Paths, path);
        const int Rows = 70;
        const int Columns = 700;
        var random = new Random(3);
        sbyte[] weights = CompressedRows.RandomDense(random, Rows, Columns, 0.2);
        for (int r = 0; r < Rows; r++)
        {
            for (int j = 0; j < Columns; j++)
            {
                // Every third row, the whole second block of rows, and the whole second panel of columns are empty.
                bool empty = r % 3 == 0 || (r >= 16 && r < 32) || (j >= 256 && j < 512);
                weights[(r * Columns) + j] = empty ? (sbyte)0 : weights[(r * Columns) + j];
            }
        }

        AssertEqualsReference(kernel, path, random, weights, Rows, Columns, "empty rows");
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MultiplyAdd_EmptyBias_EqualsReferenceWithoutBias(string path)
    {
        SparseKernel kernel = KernelPaths.Supported(SparseInt8Matrix.Paths, path);
        var random = new Random(11);
        foreach ((int rows, int columns) in new[] { (48, 256), (19, 40) })
        {
            CompressedRows csr = CompressedRows.FromDense(CompressedRows.RandomDense(random, rows, columns, 0.1), rows, columns);
            sbyte[] vector = KernelTestData.Random(random, columns);
            var expected = new int[rows];
            var actual = new int[rows];
            ReferenceKernels.SparseMultiplyAdd(csr.RowStarts, csr.ColumnIndices, csr.Values, rows, vector, [], expected);
            kernel.MultiplyAdd(SparseKernelPaths.Layout(kernel, csr), vector, [], actual);
            Assert.Equal(expected, actual);
        }
    }

    private static void AssertEqualsReference(SparseKernel kernel, string path, Random random, sbyte[] weights, int rows, int columns, string what)
    {
        CompressedRows csr = CompressedRows.FromDense(weights, rows, columns);
        sbyte[] vector = KernelTestData.Random(random, columns);
        int[] bias = KernelTestData.RandomBias(random, rows);
        var expected = new int[rows];
        var actual = new int[rows];
        ReferenceKernels.SparseMultiplyAdd(csr.RowStarts, csr.ColumnIndices, csr.Values, rows, vector, bias, expected);
        kernel.MultiplyAdd(SparseKernelPaths.Layout(kernel, csr), vector, bias, actual);
        SequenceAssert.Equal(expected, actual, $"{path} differs at {what}.");
    }
}
