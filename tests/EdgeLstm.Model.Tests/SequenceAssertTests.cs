using Xunit.Sdk;

namespace EdgeLstm.Model.Tests;

public sealed class SequenceAssertTests
{
    [Fact]
    public void Equal_SameElements_Passes()
    {
        SequenceAssert.Equal<short>([1, -2, 3], [1, -2, 3], "hidden");
    }

    [Fact]
    public void Equal_ElementDiffers_NamesTheFirstDifferingIndexAndBothValues()
    {
        XunitException error = Assert.ThrowsAny<XunitException>(() => SequenceAssert.Equal<int>([1, 2, 3, 4, 9], [1, 2, 3, 5, 8], "accumulators"));

        Assert.Equal("accumulators differ first at index 3: expected 4, actual 5 (lengths 5 and 5)", error.Message);
    }

    [Fact]
    public void Equal_OneIsAPrefixOfTheOther_NamesBothLengths()
    {
        XunitException error = Assert.ThrowsAny<XunitException>(() => SequenceAssert.Equal<sbyte>([1, 2, 3], [1, 2]));

        Assert.Equal("sequences have lengths 3 and 2; equal up to index 2", error.Message);
    }
}
