using EdgeLstm.Model;
using EdgeLstm.Trainer.Sparse;

namespace EdgeLstm.Trainer.Tests.Sparse;

public sealed class SparseMaskTests
{
    private static readonly TensorSpec s_tensor = new("cell.weight_hh", [3, 4], 10);

    [Fact]
    public void Set_SamePositionTwice_CountsItOnce()
    {
        var mask = new SparseMask(s_tensor, 5);

        mask.Set(2, true);
        mask.Set(2, true);
        mask.Set(7, true);
        mask.Set(7, false);

        Assert.Equal(1, mask.ActiveCount);
        Assert.Equal(1.0 / 12, mask.Density);
        Assert.True(mask.IsActive(2));
        Assert.False(mask.IsActive(7));
    }

    [Fact]
    public void Apply_TensorValues_ZeroesDisconnectedOnly()
    {
        var mask = new SparseMask(s_tensor, 2);
        mask.Set(0, true);
        mask.Set(11, true);
        float[] values = [.. Enumerable.Range(1, 12).Select(i => (float)i)];

        mask.Apply(values);

        Assert.Equal([1f, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12f], values);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void Constructor_TargetOutsideTensor_Throws(int target)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseMask(s_tensor, target));
    }
}
