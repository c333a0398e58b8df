using EdgeLstm.Model.LowPrecision;
using EdgeLstm.Model.Quantization;

namespace EdgeLstm.Model.Serialization;

/// <summary>Stores a weight matrix in compressed sparse rows and/or as FloatSD8 codes, and reads it back with every index checked.</summary>
/// <remarks>
/// For a tensor <c>N</c> of shape [rows × columns]:
/// <list type="bullet">
/// <item>sparse: <c>N.values</c> [nnz], <c>N.col_indices</c> I16 [nnz] (I32 accepted), <c>N.row_offsets</c> I32 [rows + 1];
/// the non-zeros of row r are entries row_offsets[r] to row_offsets[r + 1] − 1, their columns strictly increasing;</item>
/// <item>FloatSD8: the values (dense <c>N</c> or sparse <c>N.values</c>) are U8 codes, decoded with the offset in
/// <c>N.offset</c> I32 [1] as (4·m1 + m2) · 2^(e − offset);</item>
/// <item>otherwise the values are F32.</item>
/// </list>
/// </remarks>
internal static class CompressedTensors
{
    /// <summary>The largest |offset| accepted, so that every decoded weight is a finite, normal-range float.</summary>
    public const int MaxOffsetMagnitude = 100;

    /// <summary>Returns the names under which a tensor is stored.</summary>
    public static IEnumerable<string> StoredNames(TensorSpec spec, bool sparse, bool floatSD8)
    {
        if (sparse)
        {
            yield return spec.Name + ".values";
            yield return spec.Name + ".col_indices";
            yield return spec.Name + ".row_offsets";
        }
        else
        {
            yield return spec.Name;
        }

        if (floatSD8)
        {
            yield return spec.Name + ".offset";
        }
    }

    /// <summary>Encodes one tensor.</summary>
    /// <exception cref="InvalidOperationException">FloatSD8 storage was asked for but a value is not on the FloatSD8 grid.</exception>
    public static IEnumerable<SafeTensor> Encode(TensorSpec spec, ReadOnlySpan<float> values, bool sparse, bool floatSD8)
    {
        var tensors = new List<SafeTensor>(4);
        byte[] codes = [];
        int offset = 0;
        if (floatSD8)
        {
            codes = new byte[values.Length];
            if (!FloatSD8Quantizer.TryEncodeExact(values, codes, out offset))
            {
                throw new InvalidOperationException($"Tensor '{spec.Name}' is not on the FloatSD8 grid; only a model trained with FloatSD8 can be stored as FloatSD8.");
            }
        }

        if (!sparse)
        {
            tensors.Add(floatSD8 ? SafeTensor.FromByte(spec.Name, [.. spec.Shape], codes) : SafeTensor.FromSingle(spec.Name, [.. spec.Shape], values));
        }
        else
        {
            int rows = spec.Shape[0];
            int columns = spec.Shape[1];
            var rowOffsets = new int[rows + 1];
            var columnIndices = new List<short>();
            var kept = new List<int>();
            var keptValues = new List<float>();
            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    int index = (r * columns) + c;
                    if (values[index] != 0)
                    {
                        columnIndices.Add((short)c);
                        kept.Add(index);
                        keptValues.Add(values[index]);
                    }
                }

                rowOffsets[r + 1] = kept.Count;
            }

            tensors.Add(floatSD8
                ? SafeTensor.FromByte(spec.Name + ".values", [kept.Count], [.. kept.Select(i => codes[i])])
                : SafeTensor.FromSingle(spec.Name + ".values", [kept.Count], [.. keptValues]));
            tensors.Add(SafeTensor.FromInt16(spec.Name + ".col_indices", [kept.Count], [.. columnIndices]));
            tensors.Add(SafeTensor.FromInt32(spec.Name + ".row_offsets", [rows + 1], rowOffsets));
        }

        if (floatSD8)
        {
            tensors.Add(SafeTensor.FromInt32(spec.Name + ".offset", [1], [offset]));
        }

        return tensors;
    }

    /// <summary>Decodes one tensor into its place, checking dtypes, shapes, offsets and indices.</summary>
    /// <exception cref="ModelFormatException">A stored tensor is missing or invalid; the message names it.</exception>
    public static void Decode(SafeTensorsDocument document, TensorSpec spec, bool sparse, bool floatSD8, Span<float> destination, string source)
    {
        int offset = floatSD8 ? ReadOffset(document, spec.Name + ".offset", source) : 0;
        if (!sparse)
        {
            SafeTensor dense = Get(document, spec.Name, floatSD8 ? SafeTensorDType.U8 : SafeTensorDType.F32, spec.Shape, source);
            DecodeValues(dense, floatSD8, offset, destination);
            return;
        }

        int rows = spec.Shape[0];
        int columns = spec.Shape[1];
        int[] rowOffsets = Get(document, spec.Name + ".row_offsets", SafeTensorDType.I32, [rows + 1], source).ToInt32Array();
        string rowName = spec.Name + ".row_offsets";
        Check(rowOffsets[0] == 0, source, rowName, $"starts at {rowOffsets[0]}, not 0");
        for (int r = 0; r < rows; r++)
        {
            Check(rowOffsets[r + 1] >= rowOffsets[r], source, rowName, $"decreases from {rowOffsets[r]} to {rowOffsets[r + 1]} at row {r + 1}");
        }

        int count = rowOffsets[rows];
        Check(count <= rows * columns, source, rowName, $"ends at {count}, more than the {rows * columns} entries of the matrix");
        int[] columnIndices = ReadIndices(document, spec.Name + ".col_indices", count, source);
        SafeTensor valuesTensor = Get(document, spec.Name + ".values", floatSD8 ? SafeTensorDType.U8 : SafeTensorDType.F32, [count], source);
        var values = new float[count];
        DecodeValues(valuesTensor, floatSD8, offset, values);
        destination[..(rows * columns)].Clear();
        string columnName = spec.Name + ".col_indices";
        for (int r = 0; r < rows; r++)
        {
            for (int k = rowOffsets[r]; k < rowOffsets[r + 1]; k++)
            {
                int column = columnIndices[k];
                Check(column >= 0 && column < columns, source, columnName, $"entry {k} (row {r}) is {column}, outside 0..{columns - 1}");
                Check(k == rowOffsets[r] || column > columnIndices[k - 1], source, columnName, $"entry {k} (row {r}) is {column}, not above the previous column {(k > 0 ? columnIndices[k - 1] : 0)}: columns must be sorted and unique");
                destination[(r * columns) + column] = values[k];
            }
        }
    }

    private static void DecodeValues(SafeTensor tensor, bool floatSD8, int offset, Span<float> destination)
    {
        if (!floatSD8)
        {
            tensor.ToSingleArray().CopyTo(destination);
            return;
        }

        byte[] codes = tensor.ToByteArray();
        for (int i = 0; i < codes.Length; i++)
        {
            destination[i] = (float)FloatSD8.ToReal(codes[i], offset);
        }
    }

    private static int ReadOffset(SafeTensorsDocument document, string name, string source)
    {
        int offset = Get(document, name, SafeTensorDType.I32, [1], source).ToInt32Array()[0];
        Check(Math.Abs(offset) <= MaxOffsetMagnitude, source, name, $"is {offset}, outside -{MaxOffsetMagnitude}..{MaxOffsetMagnitude}");
        return offset;
    }

    private static int[] ReadIndices(SafeTensorsDocument document, string name, int count, string source)
    {
        if (!document.TryGetTensor(name, out SafeTensor? tensor))
        {
            throw new ModelFormatException($"{source}: tensor '{name}' [{count}] is missing.");
        }

        Check(tensor.DType is SafeTensorDType.I16 or SafeTensorDType.I32, source, name, $"has dtype {tensor.DType.ToSafeTensorsName()}, expected I16 or I32");
        Check(tensor.Shape.Count == 1 && tensor.Shape[0] == count, source, name, $"has shape [{string.Join(", ", tensor.Shape)}], expected [{count}] as the row offsets say");
        return tensor.DType == SafeTensorDType.I16 ? [.. tensor.ToInt16Array().Select(i => (int)i)] : tensor.ToInt32Array();
    }

    private static SafeTensor Get(SafeTensorsDocument document, string name, SafeTensorDType dtype, IReadOnlyList<int> shape, string source)
    {
        string shapeText = "[" + string.Join(", ", shape) + "]";
        if (!document.TryGetTensor(name, out SafeTensor? tensor))
        {
            throw new ModelFormatException($"{source}: tensor '{name}' {shapeText} is missing.");
        }

        Check(tensor.DType == dtype, source, name, $"has dtype {tensor.DType.ToSafeTensorsName()}, expected {dtype.ToSafeTensorsName()}");
        Check(tensor.Shape.SequenceEqual(shape), source, name, $"has shape [{string.Join(", ", tensor.Shape)}], expected {shapeText}");
        return tensor;
    }

    private static void Check(bool condition, string source, string name, string problem)
    {
        if (!condition)
        {
            throw new ModelFormatException($"{source}: tensor '{name}' {problem}.");
        }
    }
}
