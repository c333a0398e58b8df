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
    public void ClassOf_KnownAttack_ReturnsStandardClass(string attack, string expected)
    {
        Assert.Equal(expected, NslKddAttacks.ClassOf(attack));
    }

    [Fact]
    public void ClassOf_UnknownName_ReturnsNull()
    {
        Assert.Null(NslKddAttacks.ClassOf("martian"));
    }

    [Fact]
    public void ClassNames_AreFiveWithNormalFirst()
    {
        Assert.Equal(["normal", "DoS", "Probe", "R2L", "U2R"], NslKddAttacks.ClassNames);
    }
}
