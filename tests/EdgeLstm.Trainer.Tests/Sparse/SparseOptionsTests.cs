using EdgeLstm.Trainer.Sparse;

namespace EdgeLstm.Trainer.Tests.Sparse;

public sealed class SparseOptionsTests
{
    [Theory]
    [InlineData(0.0, null, 0.3, "--density")]
    [InlineData(1.5, null, 0.3, "--density")]
    [InlineData(null, -1.0, 0.3, "--epsilon")]
    [InlineData(null, null, 1.0, "--zeta")]
    [InlineData(null, null, -0.1, "--zeta")]
    public void Validate_OutOfRange_ThrowsNamingSetting(double? density, double? epsilon, double zeta, string setting)
    {
        var options = new SparseOptions { Density = density, Epsilon = epsilon, Zeta = zeta };

        UsageException error = Assert.Throws<UsageException>(options.Validate);

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DensityOf_Defaults_AreErdosRenyiWithDefaultEpsilonCappedAtOne()
    {
        var options = new SparseOptions();

        options.Validate();
        Assert.Equal(SparseOptions.DefaultEpsilon * (256 + 64) / (256.0 * 64), options.DensityOf(256, 64), 12);
        Assert.Equal(1.0, options.DensityOf(4, 3));
        Assert.Equal(0.04, new SparseOptions { Density = 0.04 }.DensityOf(256, 64));
    }
}
