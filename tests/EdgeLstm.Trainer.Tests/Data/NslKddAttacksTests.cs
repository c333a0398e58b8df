using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class NslKddAttacksTests
{
    [Theory]
    [InlineData("normal", "normal")]
    [InlineData("neptune", "DoS")]
    [InlineData("processtable", "DoS")]
    [InlineData("portsweep", "Probe")]
    [InlineData("saint", "Probe")]
    [InlineData("warezclient", "R2L")]
    [InlineData("snmpguess", "R2L")]
    [InlineData("rootkit", "U2R")]
    [InlineData("httptunnel", "U2R")]
    [InlineData("NEPTUNE", "DoS")]
    public void TryGetClass_KnownAttack_ReturnsStandardClassAndTheTablesSpelling(string attack, string expected)
    {
        Assert.True(NslKddAttacks.TryGetClass(attack, out string name, out string classification));

        Assert.Equal(expected, classification);
        Assert.Equal(attack.ToLowerInvariant(), name);
    }

    [Fact]
    public void TryGetClass_UnknownName_ReturnsFalse()
    {
        Assert.False(NslKddAttacks.TryGetClass("martian", out _, out _));
    }

    [Fact]
    public void ClassNames_AreFiveWithNormalFirst()
    {
        Assert.Equal(["normal", "DoS", "Probe", "R2L", "U2R"], NslKddAttacks.ClassNames);
    }
}
