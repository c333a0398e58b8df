using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed class NonFiniteSearchTests
{
    public static readonly TheoryData<SafeTensorDType, byte[]> FiniteExtremes = new()
    {
        { SafeTensorDType.F64, BitConverter.GetBytes(double.MaxValue) },
        { SafeTensorDType.F64, BitConverter.GetBytes(double.Epsilon) },
        { SafeTensorDType.F32, BitConverter.GetBytes(-float.MaxValue) },
        { SafeTensorDType.F32, BitConverter.GetBytes(-0f) },
        { SafeTensorDType.F32, BitConverter.GetBytes(float.Epsilon) },
        { SafeTensorDType.F16, BitConverter.GetBytes(Half.MaxValue) },
        { SafeTensorDType.F16, BitConverter.GetBytes(Half.Epsilon) },
        { SafeTensorDType.BF16, [0x7F, 0x7F] },
        { SafeTensorDType.BF16, [0x7F, 0xFF] },
    };

    [Theory]
    [MemberData(nameof(FiniteExtremes))]
    public void IndexOfNonFinite_FiniteExtreme_ReturnsMinusOne(SafeTensorDType dtype, byte[] element)
    {
        Assert.Equal(-1, NonFiniteSearch.IndexOfNonFinite(dtype, element, out _));
    }

    [Theory]
    [InlineData(SafeTensorDType.F32, new byte[] { 0x00, 0x00, 0xC0, 0xFF }, true)]
    [InlineData(SafeTensorDType.F32, new byte[] { 0x00, 0x00, 0x80, 0xFF }, false)]
    [InlineData(SafeTensorDType.F64, new byte[] { 0x01, 0, 0, 0, 0, 0, 0xF0, 0x7F }, true)]
    [InlineData(SafeTensorDType.F16, new byte[] { 0x00, 0xFC }, false)]
    [InlineData(SafeTensorDType.F16, new byte[] { 0x01, 0x7C }, true)]
    [InlineData(SafeTensorDType.BF16, new byte[] { 0x80, 0x7F }, false)]
    [InlineData(SafeTensorDType.BF16, new byte[] { 0x81, 0x7F }, true)]
    public void IndexOfNonFinite_NonFiniteAfterFiniteElements_ReturnsItsIndexAndKind(SafeTensorDType dtype, byte[] element, bool expectedNaN)
    {
        int size = dtype.GetElementSize();
        byte[] data = [.. new byte[3 * size], .. element, .. element];

        long index = NonFiniteSearch.IndexOfNonFinite(dtype, data, out bool isNaN);

        Assert.Equal(3, index);
        Assert.Equal(expectedNaN, isNaN);
    }

    [Theory]
    [InlineData(SafeTensorDType.I32)]
    [InlineData(SafeTensorDType.U8)]
    [InlineData(SafeTensorDType.Bool)]
    public void IndexOfNonFinite_IntegerTypeWithNaNBitPattern_ReturnsMinusOne(SafeTensorDType dtype)
    {
        Assert.Equal(-1, NonFiniteSearch.IndexOfNonFinite(dtype, BitConverter.GetBytes(float.NaN), out _));
    }
}
