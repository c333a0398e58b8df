using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

[Trait("Category", "Kernels")]
public sealed class ReferenceKernelsTests
{
    [Fact]
    public void MultiplyAdd_SmallMatrix_ReturnsHandComputedSums()
    {
        sbyte[] weights = [1, -2, 3, -128, 127, 0];
        sbyte[] vector = [5, 6, -7];
        var destination = new int[2];

        ReferenceKernels.MultiplyAdd(weights, 2, 3, vector, [100, -100], destination);

        Assert.Equal([100 + 5 - 12 - 21, -100 - 640 + 762], destination);
    }

    [Fact]
    public void MultiplyAdd_AllMinusOneTwentyEight_ReturnsColumnsTimesTwoToTheFourteen()
    {
        const int Columns = 257;
        sbyte[] weights = [.. Enumerable.Repeat(sbyte.MinValue, Columns)];
        sbyte[] vector = [.. Enumerable.Repeat(sbyte.MinValue, Columns)];
        var destination = new int[1];

        ReferenceKernels.MultiplyAdd(weights, 1, Columns, vector, [], destination);

        Assert.Equal(Columns * 16384, destination[0]);
    }

    [Fact]
    public void MultiplyAdd_SumBeyondInt32_WrapsAround()
    {
        sbyte[] weights = [127];
        sbyte[] vector = [127];
        var destination = new int[1];

        ReferenceKernels.MultiplyAdd(weights, 1, 1, vector, [int.MaxValue], destination);

        Assert.Equal(unchecked(int.MaxValue + (127 * 127)), destination[0]);
    }

    [Fact]
    public void MultiplyAdd_Int16Weights_ReturnsHandComputedSums()
    {
        short[] weights = [2304, -2304, 7];
        sbyte[] vector = [-128, 127, 1];
        var destination = new int[1];

        ReferenceKernels.MultiplyAdd(weights, 1, 3, vector, [], destination);

        Assert.Equal((2304 * -128) + (-2304 * 127) + 7, destination[0]);
    }

    [Fact]
    public void SparseMultiplyAdd_TwoRows_AddsOnlyStoredEntries()
    {
        int[] rowStarts = [0, 2, 3];
        ushort[] columns = [0, 2, 1];
        sbyte[] values = [3, -4, 10];
        sbyte[] vector = [2, 5, 7];
        var destination = new int[2];

        ReferenceKernels.SparseMultiplyAdd(rowStarts, columns, values, 2, vector, [1, 1], destination);

        Assert.Equal([1 + 6 - 28, 1 + 50], destination);
    }
}
