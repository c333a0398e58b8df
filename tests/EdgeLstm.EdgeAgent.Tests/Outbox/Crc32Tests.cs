using System.Text;
using EdgeLstm.EdgeAgent.Outbox;

namespace EdgeLstm.EdgeAgent.Tests.Outbox;

public sealed class Crc32Tests
{
    [Theory]
    [InlineData("", 0x00000000u)]
    [InlineData("a", 0xE8B7BE43u)]
    [InlineData("123456789", 0xCBF43926u)]
    [InlineData("The quick brown fox jumps over the lazy dog", 0x414FA339u)]
    public void Compute_KnownVectors_MatchesZlib(string text, uint expected) =>
        Assert.Equal(expected, Crc32.Compute(Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Append_InPieces_EqualsWholeComputation()
    {
        var random = new Random(20261123);
        for (int length = 0; length < 300; length += 7)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            int split = random.Next(length + 1);

            uint pieces = Crc32.Append(Crc32.Compute(data.AsSpan(0, split)), data.AsSpan(split));

            Assert.Equal(Crc32.Compute(data), pieces);
        }
    }
}
