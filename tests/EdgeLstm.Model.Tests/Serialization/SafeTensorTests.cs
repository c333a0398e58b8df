using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed class SafeTensorTests
{
    [Fact]
    public void FromSingle_Values_StoresLittleEndianBytes()
    {
        SafeTensor tensor = SafeTensor.FromSingle("w", [2], [1f, -2f]);

        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, tensor.Data.ToArray());
        Assert.Equal(SafeTensorDType.F32, tensor.DType);
        Assert.Equal([2], tensor.Shape);
        Assert.Equal(2, tensor.ElementCount);
    }

    [Fact]
    public void FromInt16_Values_StoresLittleEndianBytes()
    {
        SafeTensor tensor = SafeTensor.FromInt16("q", [2], [0x0102, -2]);

        Assert.Equal(new byte[] { 0x02, 0x01, 0xFE, 0xFF }, tensor.Data.ToArray());
    }

    [Fact]
    public void Factories_EveryElementType_CopyOutTheSameValues()
    {
        Assert.Equal([1.5, -0.0, double.MaxValue], SafeTensor.FromDouble("a", [3], [1.5, -0.0, double.MaxValue]).ToDoubleArray());
        Assert.Equal([1.5f, float.MinValue], SafeTensor.FromSingle("a", [2], [1.5f, float.MinValue]).ToSingleArray());
        Assert.Equal([(Half)1.5f, Half.MinValue], SafeTensor.FromHalf("a", [2], [(Half)1.5f, Half.MinValue]).ToHalfArray());
        Assert.Equal([long.MinValue, 7L], SafeTensor.FromInt64("a", [2], [long.MinValue, 7L]).ToInt64Array());
        Assert.Equal([int.MinValue, 7], SafeTensor.FromInt32("a", [2], [int.MinValue, 7]).ToInt32Array());
        Assert.Equal([short.MinValue, (short)7], SafeTensor.FromInt16("a", [2], [short.MinValue, 7]).ToInt16Array());
        Assert.Equal([sbyte.MinValue, (sbyte)7], SafeTensor.FromSByte("a", [2], [sbyte.MinValue, 7]).ToSByteArray());
        Assert.Equal([byte.MaxValue, (byte)7], SafeTensor.FromByte("a", [2], [byte.MaxValue, 7]).ToByteArray());
    }

    [Fact]
    public void Constructor_EmptyShape_IsAScalarOfOneElement()
    {
        SafeTensor tensor = SafeTensor.FromSingle("threshold", [], [0.75f]);

        Assert.Empty(tensor.Shape);
        Assert.Equal(1, tensor.ElementCount);
        Assert.Equal([0.75f], tensor.ToSingleArray());
    }

    [Fact]
    public void Constructor_ZeroDimension_HasNoElements()
    {
        SafeTensor tensor = new("empty", SafeTensorDType.F32, [3, 0], ReadOnlyMemory<byte>.Empty);

        Assert.Equal(0, tensor.ElementCount);
        Assert.Empty(tensor.ToSingleArray());
    }

    [Fact]
    public void Shape_CannotBeChangedThroughTheInterface()
    {
        int[] shape = [2, 2];
        SafeTensor tensor = SafeTensor.FromSByte("w", shape, [1, 2, 3, 4]);
        shape[0] = 4;

        Assert.Equal([2, 2], tensor.Shape);
        Assert.False(tensor.Shape is int[]);
    }

    [Fact]
    public void Constructor_DataLengthMismatch_ThrowsArgumentExceptionNamingTheTensor()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SafeTensor("w", SafeTensorDType.F32, [4, 8], new byte[100]));

        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("100 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromSingle_ValueCountMismatch_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => SafeTensor.FromSingle("w", [2, 2], [1f, 2f, 3f]));
    }

    [Fact]
    public void Constructor_NegativeDimension_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new SafeTensor("w", SafeTensorDType.U8, [-1], ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void Constructor_ElementCountOverflows_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => new SafeTensor("w", SafeTensorDType.U8, [int.MaxValue, int.MaxValue, int.MaxValue], ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void Constructor_ByteLengthWouldOverflow_ThrowsArgumentException()
    {
        // 2^62 elements of 8 bytes: the element count fits in a long, the byte length does not.
        Assert.Throws<ArgumentException>(() => new SafeTensor("w", SafeTensorDType.F64, [1 << 30, 1 << 30, 4], ReadOnlyMemory<byte>.Empty));
    }

    [Theory]
    [InlineData("")]
    [InlineData("__metadata__")]
    public void Constructor_EmptyOrReservedName_ThrowsArgumentException(string name)
    {
        Assert.Throws<ArgumentException>(() => SafeTensor.FromByte(name, [1], [1]));
    }

    [Fact]
    public void ToSingleArray_OtherDType_ThrowsModelFormatExceptionNamingBoth()
    {
        SafeTensor tensor = SafeTensor.FromHalf("cell.weight_ih", [1], [(Half)1]);

        var ex = Assert.Throws<ModelFormatException>(tensor.ToSingleArray);

        Assert.Equal("Tensor 'cell.weight_ih' has dtype F16, but F32 was expected.", ex.Message);
    }
}
