using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class DampedStatisticTests
{
    [Fact]
    public void Write_TwoValuesHalfDecayed_GivesWeightedMeanAndStd()
    {
        var statistic = default(DampedStatistic);
        statistic.Update(1.0, 100);
        statistic.Update(0.5, 200);
        float[] output = new float[3];

        statistic.Write(0.5, output);

        // w = 0.5·1 + 1 = 1.5, LS = 50 + 200 = 250, SS = 5000 + 40000 = 45000.
        Assert.Equal(0.75f, output[0], 6);
        Assert.Equal(250 / 1.5f, output[1], 3);
        Assert.Equal((float)Math.Sqrt((45000 / 1.5) - ((250 / 1.5) * (250 / 1.5))), output[2], 3);
    }

    [Fact]
    public void Write_Empty_GivesZeros()
    {
        float[] output = [1, 1, 1];

        default(DampedStatistic).Write(1.0, output);

        Assert.Equal([0f, 0f, 0f], output);
    }
}
