namespace EdgeLstm.Model.Serialization;

/// <summary>
/// Represents one named tensor of a safetensors file: an element type, a shape and little-endian raw data.
/// </summary>
/// <remarks>
/// A tensor is valid by construction: its name is not empty, its dimensions are non-negative and its data
/// holds exactly the product of the dimensions times the element size. The data is not copied; do not
/// change the memory behind it while the tensor is in use.
/// </remarks>
public sealed class SafeTensor
{
    /// <summary>Initializes a new tensor over existing little-endian data.</summary>
    /// <param name="name">The tensor name, unique within a file; <c>"__metadata__"</c> is reserved.</param>
    /// <param name="dtype">The element type.</param>
    /// <param name="shape">The dimensions; an empty shape is a scalar of one element.</param>
    /// <param name="data">The little-endian element bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or reserved, a dimension is negative, the element count overflows, or <paramref name="data"/> has the wrong length.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dtype"/> is not a defined value.</exception>
    public SafeTensor(string name, SafeTensorDType dtype, ReadOnlySpan<int> shape, ReadOnlyMemory<byte> data)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name == SafeTensorsHeader.MetadataKey)
        {
            throw new ArgumentException($"The tensor name '{SafeTensorsHeader.MetadataKey}' is reserved for metadata.", nameof(name));
        }

        int elementSize = dtype.GetElementSize();
        if (!TryGetElementCount(shape, out long elementCount))
        {
            throw new ArgumentException($"Tensor '{name}': shape {FormatShape(shape)} has a negative dimension or more elements than a 64-bit count holds.", nameof(shape));
        }

        if (elementCount > data.Length / elementSize || data.Length != elementCount * elementSize)
        {
            throw new ArgumentException($"Tensor '{name}': {data.Length} bytes of data but dtype {dtype.ToSafeTensorsName()} and shape {FormatShape(shape)} need {elementCount} elements of {elementSize} bytes.", nameof(data));
        }

        Name = name;
        DType = dtype;
        Shape = Array.AsReadOnly(shape.ToArray());
        ElementCount = elementCount;
        Data = data;
    }

    /// <summary>Gets the tensor name.</summary>
    public string Name { get; }

    /// <summary>Gets the element type.</summary>
    public SafeTensorDType DType { get; }

    /// <summary>Gets the dimensions, outermost first.</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Gets the number of elements: the product of the dimensions.</summary>
    public long ElementCount { get; }

    /// <summary>Gets the little-endian element bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Creates an F64 tensor from a copy of the values.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="shape">The dimensions; their product equals the number of values.</param>
    /// <param name="values">The elements in row-major order.</param>
    /// <returns>The new tensor.</returns>
    /// <exception cref="ArgumentException">The name is empty or reserved, or the shape does not match the number of values.</exception>
    public static SafeTensor FromDouble(string name, ReadOnlySpan<int> shape, ReadOnlySpan<double> values) =>
        new(name, SafeTensorDType.F64, shape, LittleEndianElements.ToBytes(values));

    /// <summary>Creates an F32 tensor from a copy of the values.</summary>
    /// <inheritdoc cref="FromDouble" path="/param|/returns|/exception"/>
    public static SafeTensor FromSingle(string name, ReadOnlySpan<int> shape, ReadOnlySpan<float> values) =>
        new(name, SafeTensorDType.F32, shape, LittleEndianElements.ToBytes(values));

    /// <summary>Creates an F16 tensor from a copy of the values.</summary>
    /// <inheritdoc cref="FromDouble" path="/param|/returns|/exception"/>
    public static SafeTensor FromHalf(string name, ReadOnlySpan<int> shape, ReadOnlySpan<Half> values) =>
        new(name, SafeTensorDType.F16, shape, LittleEndianElements.ToBytes(values));

    /// <summary>Creates an I64 tensor from a copy of the values.</summary>
    /// <inheritdoc cref="FromDouble" path="/param|/returns|/exception"/>
    public static SafeTensor FromInt64(string name, ReadOnlySpan<int> shape, ReadOnlySpan<long> values) =>
        new(name, SafeTensorDType.I64, shape, LittleEndianElements.ToBytes(values));

    /// <summary>Creates an I32 tensor from a copy of the values.</summary>
    /// <inheritdoc cref="FromDouble" path="/param|/returns|/exception"/>
    public static SafeTensor FromInt32(string name, ReadOnlySpan<int> shape, ReadOnlySpan<int> values) =>
        new(name, SafeTensorDType.I32, shape, LittleEndianElements.ToBytes(values));

    /// <summary>Creates an I16 tensor from a copy of the values.</summary>
    /// <inheritdoc cref="FromDouble" path="/param|/returns|/exception"/>
    public static SafeTensor FromInt16(string name, ReadOnlySpan<int> shape, ReadOnlySpan<short> values) =>
        new(name, SafeTensorDType.I16, shape, LittleEndianElements.ToBytes(values));

    /// <summary>Creates an I8 tensor from a copy of the values.</summary>
    /// <inheritdoc cref="FromDouble" path="/param|/returns|/exception"/>
    public static SafeTensor FromSByte(string name, ReadOnlySpan<int> shape, ReadOnlySpan<sbyte> values) =>
        new(name, SafeTensorDType.I8, shape, LittleEndianElements.ToBytes(values));

    /// <summary>Creates a U8 tensor from a copy of the values.</summary>
    /// <inheritdoc cref="FromDouble" path="/param|/returns|/exception"/>
    public static SafeTensor FromByte(string name, ReadOnlySpan<int> shape, ReadOnlySpan<byte> values) =>
        new(name, SafeTensorDType.U8, shape, values.ToArray());

    /// <summary>Copies the elements of an F64 tensor to a new array.</summary>
    /// <returns>The elements in row-major order.</returns>
    /// <exception cref="ModelFormatException">The tensor has another element type.</exception>
    public double[] ToDoubleArray() => ToArray<double>(SafeTensorDType.F64);

    /// <summary>Copies the elements of an F32 tensor to a new array.</summary>
    /// <inheritdoc cref="ToDoubleArray" path="/returns|/exception"/>
    public float[] ToSingleArray() => ToArray<float>(SafeTensorDType.F32);

    /// <summary>Copies the elements of an F16 tensor to a new array.</summary>
    /// <inheritdoc cref="ToDoubleArray" path="/returns|/exception"/>
    public Half[] ToHalfArray() => ToArray<Half>(SafeTensorDType.F16);

    /// <summary>Copies the elements of an I64 tensor to a new array.</summary>
    /// <inheritdoc cref="ToDoubleArray" path="/returns|/exception"/>
    public long[] ToInt64Array() => ToArray<long>(SafeTensorDType.I64);

    /// <summary>Copies the elements of an I32 tensor to a new array.</summary>
    /// <inheritdoc cref="ToDoubleArray" path="/returns|/exception"/>
    public int[] ToInt32Array() => ToArray<int>(SafeTensorDType.I32);

    /// <summary>Copies the elements of an I16 tensor to a new array.</summary>
    /// <inheritdoc cref="ToDoubleArray" path="/returns|/exception"/>
    public short[] ToInt16Array() => ToArray<short>(SafeTensorDType.I16);

    /// <summary>Copies the elements of an I8 tensor to a new array.</summary>
    /// <inheritdoc cref="ToDoubleArray" path="/returns|/exception"/>
    public sbyte[] ToSByteArray() => ToArray<sbyte>(SafeTensorDType.I8);

    /// <summary>Copies the elements of a U8 tensor to a new array.</summary>
    /// <inheritdoc cref="ToDoubleArray" path="/returns|/exception"/>
    public byte[] ToByteArray() => ToArray<byte>(SafeTensorDType.U8);

    /// <summary>Computes the number of elements of a shape, checking for negative dimensions and overflow.</summary>
    /// <param name="shape">The dimensions.</param>
    /// <param name="elementCount">When this method returns <see langword="true"/>, the product of the dimensions.</param>
    /// <returns><see langword="true"/> if every dimension is non-negative and the product fits in a <see cref="long"/>.</returns>
    internal static bool TryGetElementCount(ReadOnlySpan<int> shape, out long elementCount)
    {
        elementCount = 1;
        foreach (int dimension in shape)
        {
            if (dimension < 0)
            {
                return false;
            }

            // int × long: the product overflows a long only if it exceeds long.MaxValue.
            if (dimension != 0 && elementCount > long.MaxValue / dimension)
            {
                return false;
            }

            elementCount *= dimension;
        }

        return true;
    }

    /// <summary>Formats a shape the way the safetensors header writes it, such as <c>[4, 8]</c>.</summary>
    internal static string FormatShape(ReadOnlySpan<int> shape) => $"[{string.Join(", ", shape.ToArray())}]";

    private T[] ToArray<T>(SafeTensorDType expected)
        where T : unmanaged
    {
        if (DType != expected)
        {
            throw new ModelFormatException($"Tensor '{Name}' has dtype {DType.ToSafeTensorsName()}, but {expected.ToSafeTensorsName()} was expected.");
        }

        return LittleEndianElements.FromBytes<T>(Data.Span);
    }
}
