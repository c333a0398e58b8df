using System.Buffers.Binary;
using System.Text;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

/// <summary>Builds valid and hand-crafted safetensors files for the serialization tests.</summary>
internal static class SafeTensorsTestFiles
{
    public static readonly Dictionary<string, string> Metadata = new(StringComparer.Ordinal)
    {
        ["edgelstm.format"] = "1",
        ["edgelstm.config"] = """{"cell":"lstm","inputSize":3,"hiddenSize":2}""",
    };

    /// <summary>Creates a small model-like set of tensors of several dtypes.</summary>
    public static List<SafeTensor> SmallModel() =>
    [
        SafeTensor.FromSingle("cell.weight_ih", [8, 3], Enumerable.Range(0, 24).Select(i => (i - 12) / 7f).ToArray()),
        SafeTensor.FromSingle("cell.bias", [8], [0.5f, -0.25f, 1e-30f, -1e30f, 0f, -0f, 3.5f, float.Epsilon]),
        SafeTensor.FromSByte("cell.weight_q", [2, 3], [-128, -1, 0, 1, 2, 127]),
        SafeTensor.FromInt32("cell.bias_q", [2], [int.MinValue, int.MaxValue]),
        SafeTensor.FromHalf("head.weight", [1, 2], [(Half)0.5f, (Half)(-2f)]),
    ];

    /// <summary>Creates the bytes of a valid file with <see cref="Metadata"/> and <see cref="SmallModel"/>.</summary>
    public static byte[] SmallModelBytes() => SafeTensorsWriter.ToBytes(Metadata, SmallModel());

    /// <summary>Assembles a file from a header and data exactly as given, without padding or validation.</summary>
    public static byte[] Craft(string headerJson, byte[] data)
    {
        byte[] header = Encoding.UTF8.GetBytes(headerJson);
        return Craft((ulong)header.Length, header, data);
    }

    /// <summary>Assembles a file with an arbitrary header length prefix.</summary>
    public static byte[] Craft(ulong headerLength, byte[] header, byte[] data)
    {
        byte[] file = new byte[8 + header.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, headerLength);
        header.CopyTo(file, 8);
        data.CopyTo(file, 8 + header.Length);
        return file;
    }

    /// <summary>Gets the length of the header of a file.</summary>
    public static int HeaderLength(byte[] file) => (int)BinaryPrimitives.ReadUInt64LittleEndian(file);

    /// <summary>Gets the header of a file as text, padding included.</summary>
    public static string HeaderText(byte[] file) => Encoding.UTF8.GetString(file, 8, HeaderLength(file));

    /// <summary>Returns little-endian F32 bytes of the values.</summary>
    public static byte[] F32(params float[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return bytes;
    }
}
