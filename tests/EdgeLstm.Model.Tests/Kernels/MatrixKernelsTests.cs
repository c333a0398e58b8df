using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class MatrixKernelsTests
{
    public static TheoryData<string> Int8Paths => KernelPaths.Names(MatrixKernels.Int8Paths);

    public static TheoryData<string> Int16Paths => KernelPaths.Names(MatrixKernels.Int16Paths);

    [SkippableTheory]
    [MemberData(nameof(Int8Paths))]
    public void MultiplyAdd_SampledShapes_EqualsReference(string path)
    {
        DenseKernel<sbyte> kernel = KernelPaths.Supported(MatrixKernels.Int8Paths, path);
        var random = new Random(1234);
        foreach ((int rows, int columns) in KernelTestData.SampledShapes())
        {
            sbyte[] weights = KernelTestData.Random(random, rows * columns);
            sbyte[] vector = KernelTestData.Random(random, columns);
            int[] bias = KernelTestData.RandomBias(random, rows);
            var expected = new int[rows];
            var actual = new int[rows];
            ReferenceKernels.MultiplyAdd(weights, rows, columns, vector, bias, expected);
            kernel(weights, rows, columns, vector, 1, bias, actual);
            SequenceAssert.Equal(expected, actual, $"{path} differs at {rows} × {columns}.");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Int8Paths))]
    public void MultiplyAdd_ExtremeValues_EqualsReference(string path)
    {
        DenseKernel<sbyte> kernel = KernelPaths.Supported(MatrixKernels.Int8Paths, path);
        (int Rows, int Columns)[] shapes = [(257, 257), (7, 255), (5, 65), (4, 31), (9, 64), (3, 16)];
        foreach ((int rows, int columns, sbyte[] weights, sbyte[] vector) in KernelTestData.ExtremeCases(shapes))
        {
            var expected = new int[rows];
            var actual = new int[rows];
            ReferenceKernels.MultiplyAdd(weights, rows, columns, vector, [], expected);
            kernel(weights, rows, columns, vector, 1, [], actual);
            Assert.Equal(expected, actual);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Int16Paths))]
    public void MultiplyAdd_Int16SampledShapes_EqualsReference(string path)
    {
        DenseKernel<short> kernel = KernelPaths.Supported(MatrixKernels.Int16Paths, path);
        var random = new Random(4321);
        foreach ((int rows, int columns) in KernelTestData.SampledShapes())
        {
            short[] weights = KernelTestData.RandomFloatSD8(random, rows * columns);
            sbyte[] vector = KernelTestData.Random(random, columns);
            int[] bias = KernelTestData.RandomBias(random, rows);
            var expected = new int[rows];
            var actual = new int[rows];
            ReferenceKernels.MultiplyAdd(weights, rows, columns, vector, bias, expected);
            kernel(weights, rows, columns, vector, 1, bias, actual);
            SequenceAssert.Equal(expected, actual, $"{path} differs at {rows} × {columns}.");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Int16Paths))]
    public void MultiplyAdd_Int16ExtremeValues_EqualsReference(string path)
    {
        DenseKernel<short> kernel = KernelPaths.Supported(MatrixKernels.Int16Paths, path);
        foreach (short weight in new short[] { 2304, -2304 })
        {
            for (int vectorPattern = 0; vectorPattern < 3; vectorPattern++)
            {
                const int Rows = 9;
                const int Columns = 257;
                short[] weights = [.. Enumerable.Repeat(weight, Rows * Columns)];
                sbyte[] vector = [.. Enumerable.Range(0, Columns).Select(i => KernelTestData.Extreme(vectorPattern, i))];
                var expected = new int[Rows];
                var actual = new int[Rows];
                ReferenceKernels.MultiplyAdd(weights, Rows, Columns, vector, [], expected);
                kernel(weights, Rows, Columns, vector, 1, [], actual);
                Assert.Equal(expected, actual);
            }
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Int8Paths))]
    public void MultiplyAddBatch_SampledShapes_EqualsReference(string path)
    {
        DenseKernel<sbyte> kernel = KernelPaths.Supported(MatrixKernels.Int8Paths, path);
        var random = new Random(99);
        int index = 0;
        foreach ((int rows, int columns) in KernelTestData.SampledShapes().Where((_, i) => i % 5 == 0))
        {
            int batch = 1 + (index++ % 5);
            sbyte[] weights = KernelTestData.Random(random, rows * columns);
            sbyte[] vectors = KernelTestData.Random(random, batch * columns);
            int[] bias = KernelTestData.RandomBias(random, rows);
            var expected = new int[batch * rows];
            var actual = new int[batch * rows];
            ReferenceKernels.MultiplyAddBatch(weights, rows, columns, vectors, batch, bias, expected);
            kernel(weights, rows, columns, vectors, batch, bias, actual);
            SequenceAssert.Equal(expected, actual, $"{path} differs at {rows} × {columns}, batch {batch}.");
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Int16Paths))]
    public void MultiplyAddBatch_Int16SampledShapes_EqualsReference(string path)
    {
        DenseKernel<short> kernel = KernelPaths.Supported(MatrixKernels.Int16Paths, path);
        var random = new Random(77);
        int index = 0;
        foreach ((int rows, int columns) in KernelTestData.SampledShapes().Where((_, i) => i % 5 == 0))
        {
            int batch = 1 + (index++ % 5);
            short[] weights = KernelTestData.RandomFloatSD8(random, rows * columns);
            sbyte[] vectors = KernelTestData.Random(random, batch * columns);
            int[] bias = KernelTestData.RandomBias(random, rows);
            var expected = new int[batch * rows];
            var actual = new int[batch * rows];
            ReferenceKernels.MultiplyAddBatch(weights, rows, columns, vectors, batch, bias, expected);
            kernel(weights, rows, columns, vectors, batch, bias, actual);
            SequenceAssert.Equal(expected, actual, $"{path} differs at {rows} × {columns}, batch {batch}.");
        }
    }

    [Fact]
    public void MultiplyAdd_DispatchedPath_EqualsReference()
    {
        var random = new Random(5);
        foreach ((int rows, int columns) in KernelTestData.SampledShapes().Where((_, i) => i % 3 == 0))
        {
            sbyte[] weights = KernelTestData.Random(random, rows * columns);
            short[] wide = KernelTestData.RandomFloatSD8(random, rows * columns);
            sbyte[] vectors = KernelTestData.Random(random, 2 * columns);
            int[] bias = KernelTestData.RandomBias(random, rows);
            var expected = new int[2 * rows];
            var actual = new int[2 * rows];

            ReferenceKernels.MultiplyAddBatch(weights, rows, columns, vectors, 2, bias, expected);
            MatrixKernels.MultiplyAdd(weights, rows, columns, vectors.AsSpan(0, columns), bias, actual);
            MatrixKernels.MultiplyAdd(weights, rows, columns, vectors.AsSpan(columns), bias, actual.AsSpan(rows));
            Assert.Equal(expected, actual);
            MatrixKernels.MultiplyAddBatch(weights, rows, columns, vectors, 2, bias, actual);
            Assert.Equal(expected, actual);

            ReferenceKernels.MultiplyAddBatch(wide, rows, columns, vectors, 2, bias, expected);
            MatrixKernels.MultiplyAdd(wide, rows, columns, vectors.AsSpan(0, columns), bias, actual);
            MatrixKernels.MultiplyAdd(wide, rows, columns, vectors.AsSpan(columns), bias, actual.AsSpan(rows));
            Assert.Equal(expected, actual);
            MatrixKernels.MultiplyAddBatch(wide, rows, columns, vectors, 2, bias, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void MultiplyAdd_MismatchedLengths_Throws()
    {
        var weights = new sbyte[6];
        var destination = new int[2];
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyAdd(weights, 2, 3, new sbyte[4], [], destination));
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyAdd(weights, 3, 3, new sbyte[3], [], new int[3]));
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyAdd(weights, 2, 3, new sbyte[3], new int[3], destination));
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyAdd(weights, 2, 3, new sbyte[3], [], new int[1]));
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyAddBatch(weights, 2, 3, new sbyte[5], 2, [], new int[4]));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.MultiplyAdd(weights, -1, 3, new sbyte[3], [], destination));
    }

    [Fact]
    public void ActivePath_OnAnyMachine_IsTheFirstSupportedPathOfTheTable()
    {
        Assert.Equal(MatrixKernels.Int8Paths.First(path => path.IsSupported).Name, MatrixKernels.ActivePath);
        Assert.Equal(MatrixKernels.Int16Paths.First(path => path.IsSupported).Name, MatrixKernels.ActiveInt16Path);
        Assert.Equal(ReferenceKernels.PathName, MatrixKernels.Int8Paths[^1].Name);
        Assert.True(MatrixKernels.Int8Paths[^1].IsSupported);
    }

    [Fact]
    public void Int8Paths_Names_AreDistinctAndDeclaredByTheirPaths()
    {
        string[] names = [.. MatrixKernels.Int8Paths.Select(path => path.Name)];
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Equal(Avx2DotPath.Name, names[2]);
        Assert.Equal(Avx2DotPath.IsSupported, MatrixKernels.Int8Paths[2].IsSupported);
        Assert.DoesNotContain(ArmDotProductPath.Name, MatrixKernels.Int16Paths.Select(path => path.Name));
    }
}
