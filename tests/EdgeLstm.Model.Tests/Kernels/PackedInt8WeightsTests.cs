using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class PackedInt8WeightsTests
{
    public static TheoryData<string> Paths => KernelPaths.Names(PackedInt8Weights.Paths);

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MultiplyAdd_SampledShapes_EqualsReference(string pathName)
    {
        PackedKernel kernel = KernelPaths.Supported(PackedInt8Weights.Paths, pathName);
        var random = new Random(2024);
        foreach ((int rows, int columns) in KernelTestData.SampledShapes())
        {
            sbyte[] weights = KernelTestData.Random(random, rows * columns);
            sbyte[] vector = KernelTestData.Random(random, columns);
            int[] bias = random.Next(2) == 0 ? [] : KernelTestData.RandomBias(random, rows);
            var expected = new int[rows];
            int[] actual = Filled(rows + 3);
            ReferenceKernels.MultiplyAdd(weights, rows, columns, vector, bias, expected);
            kernel(PackedInt8Weights.Pack(weights, rows, columns), vector, 1, bias, actual);
            SequenceAssert.Equal(expected, actual.AsSpan(0, rows), $"{pathName} differs at {rows} × {columns}.");
            Assert.All(actual[rows..], value => Assert.Equal(Sentinel, value));
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MultiplyAdd_ExtremeValues_EqualsReference(string pathName)
    {
        PackedKernel kernel = KernelPaths.Supported(PackedInt8Weights.Paths, pathName);
        (int Rows, int Columns)[] shapes = [(257, 257), (7, 255), (17, 65), (64, 31), (9, 64), (3, 2049)];
        foreach ((int rows, int columns, sbyte[] weights, sbyte[] vector) in KernelTestData.ExtremeCases(shapes))
        {
            var expected = new int[rows];
            var actual = new int[rows];
            ReferenceKernels.MultiplyAdd(weights, rows, columns, vector, [], expected);
            kernel(PackedInt8Weights.Pack(weights, rows, columns), vector, 1, [], actual);
            Assert.Equal(expected, actual);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Paths))]
    public void MultiplyAddBatch_ChunkedAndRented_EqualsReference(string pathName)
    {
        PackedKernel kernel = KernelPaths.Supported(PackedInt8Weights.Paths, pathName);
        var random = new Random(77);

        // 257 columns make blocks of 4 KiB, so a batch is applied in chunks; 40 vectors need more words than the stack holds.
        (int Rows, int Columns, int Batch)[] cases = [(257, 257, 40), (256, 64, 9), (33, 5, 3), (16, 1, 2), (0, 4, 2), (5, 0, 2)];
        foreach ((int rows, int columns, int batch) in cases)
        {
            sbyte[] weights = KernelTestData.Random(random, rows * columns);
            sbyte[] vectors = KernelTestData.Random(random, batch * columns);
            int[] bias = KernelTestData.RandomBias(random, rows);
            var expected = new int[batch * rows];
            var actual = new int[batch * rows];
            ReferenceKernels.MultiplyAddBatch(weights, rows, columns, vectors, batch, bias, expected);
            kernel(PackedInt8Weights.Pack(weights, rows, columns), vectors, batch, bias, actual);
            SequenceAssert.Equal(expected, actual, $"{pathName} differs at {rows} × {columns}, batch {batch}.");
        }
    }

    [Fact]
    public void Pack_PlacesEachWeightInItsBlockLaneAndPair()
    {
        const int Rows = 18;
        const int Columns = 5;
        sbyte[] weights = [.. Enumerable.Range(0, Rows * Columns).Select(i => (sbyte)(i % 120))];
        var packed = PackedInt8Weights.Pack(weights, Rows, Columns);
        Assert.Equal(2, packed.RowBlocks);
        Assert.Equal(3, packed.Pairs);

        // A one-hot vector picks out one column: every row's weight in that column, bias zero.
        for (int column = 0; column < Columns; column++)
        {
            var vector = new sbyte[Columns];
            vector[column] = 1;
            var actual = new int[Rows];
            InstructionPath.Named(PackedInt8Weights.Paths, PackedVector128Path.Name).Kernel(packed, vector, 1, [], actual);
            Assert.Equal(Enumerable.Range(0, Rows).Select(r => (int)weights[(r * Columns) + column]), actual);
        }
    }

    [SkippableFact]
    public void MultiplyAdd_AfterWarmUp_AllocatesNothing()
    {
        Skip.IfNot(PackedInt8Weights.IsSupported, "No vector hardware: the packed layout is not used.");
        var random = new Random(5);
        var packed = PackedInt8Weights.Pack(KernelTestData.Random(random, 256 * 2100), 256, 2100);
        sbyte[] vector = KernelTestData.Random(random, 2100);
        var destination = new int[256];
        Assert.Equal(0, SteadyStateAllocations.Measure(() => packed.MultiplyAdd(vector, [], destination), calls: 10));
    }

    private const int Sentinel = 0x5EED;

    private static int[] Filled(int length) => Enumerable.Repeat(Sentinel, length).ToArray();
}
