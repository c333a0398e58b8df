using System.Buffers.Binary;
using System.Text;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed partial class SafeTensorsReaderTests
{
    private static readonly byte[] s_eightFloats = SafeTensorsTestFiles.F32(1, 2, 3, 4, 5, 6, 7, 8);

    public static TheoryData<SafeTensorDType> EveryDType => new(Enum.GetValues<SafeTensorDType>());

    [Theory]
    [MemberData(nameof(EveryDType))]
    public void Read_FileOfEveryDType_RoundTripsBytesShapeAndMetadata(SafeTensorDType dtype)
    {
        var random = new Random(1234 + (int)dtype);
        SafeTensor[] tensors =
        [
            new("first", dtype, [3, 5], FiniteRandomBytes(random, dtype, 15)),
            new("scalar", dtype, [], FiniteRandomBytes(random, dtype, 1)),
            new("empty", dtype, [0, 4], ReadOnlyMemory<byte>.Empty),
            new("last", dtype, [2, 1, 3], FiniteRandomBytes(random, dtype, 6)),
        ];
        byte[] file = SafeTensorsWriter.ToBytes(SafeTensorsTestFiles.Metadata, tensors);

        SafeTensorsDocument document = SafeTensorsReader.Read(file);

        Assert.Equal(SafeTensorsTestFiles.Metadata, document.Metadata);
        Assert.Equal(tensors.Select(t => t.Name), document.Tensors.Select(t => t.Name));
        foreach (SafeTensor expected in tensors)
        {
            SafeTensor actual = document.GetTensor(expected.Name);
            Assert.Equal(dtype, actual.DType);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(expected.Data.ToArray(), actual.Data.ToArray());
        }

        Assert.Equal(file, SafeTensorsWriter.ToBytes(document.Metadata, document.Tensors));
    }

    [Fact]
    public void Read_SeekableAndNonSeekableStreamsAndFile_GiveTheSameDocument()
    {
        byte[] file = SafeTensorsTestFiles.SmallModelBytes();
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-reader-{Environment.ProcessId}.safetensors");
        File.WriteAllBytes(path, file);
        try
        {
            using var seekable = new MemoryStream(file);
            using var pipe = new NonSeekableStream(file);

            SafeTensorsDocument[] documents = [SafeTensorsReader.Read(seekable), SafeTensorsReader.Read(pipe), SafeTensorsReader.ReadFile(path)];

            foreach (SafeTensorsDocument document in documents)
            {
                Assert.Equal(file, SafeTensorsWriter.ToBytes(document.Metadata, document.Tensors));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Read_HeaderKeysNotInDataOrder_ListsTensorsInDataOrder()
    {
        byte[] file = SafeTensorsTestFiles.Craft(
            """{"b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]},"a":{"dtype":"F32","shape":[6],"data_offsets":[0,24]}}""",
            s_eightFloats);

        SafeTensorsDocument document = SafeTensorsReader.Read(file);

        Assert.Equal(["a", "b"], document.Tensors.Select(t => t.Name));
        Assert.Equal([7f, 8f], document.GetTensor("b").ToSingleArray());
        Assert.Empty(document.Metadata);
    }

    [Fact]
    public void Read_HeaderWithWhitespace_IsAccepted()
    {
        byte[] file = SafeTensorsTestFiles.Craft("{ \"a\" :\n {\"shape\": [8], \"data_offsets\": [0, 32], \"dtype\": \"F32\"} }\t ", s_eightFloats);

        Assert.Equal([1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f], SafeTensorsReader.Read(file).GetTensor("a").ToSingleArray());
    }

    [Fact]
    public void ReadFile_MissingFile_ThrowsFileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => SafeTensorsReader.ReadFile(Path.Combine(Path.GetTempPath(), "edgelstm-no-such-model.safetensors")));
    }

    public static TheoryData<int> CutPoints => new(0, 1, 7, 8, 9, 20, 60, -33, -32, -4, -1);

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void Read_TruncatedFile_ThrowsModelFormatException(int cut)
    {
        byte[] file = SafeTensorsTestFiles.SmallModelBytes();
        byte[] truncated = file[..(cut >= 0 ? cut : file.Length + cut)];

        AssertRejected(truncated, expectedFragment: null);
    }

    [Fact]
    public void Read_FileCutAfterTheHeader_NamesTheEndOfTheFile()
    {
        byte[] file = SafeTensorsTestFiles.SmallModelBytes();
        int dataStart = 8 + SafeTensorsTestFiles.HeaderLength(file);

        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(new NonSeekableStream(file[..(dataStart + 5)])));

        Assert.Contains($"ends at byte offset {dataStart + 5}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FewerThanEightBytes_SaysSo()
    {
        AssertRejected([1, 2, 3], "The file has 3 bytes, fewer than the 8-byte header length");
    }

    [Theory]
    [InlineData(100_000_001UL)]
    [InlineData(1UL << 40)]
    [InlineData(ulong.MaxValue)]
    public void Read_HugeHeaderLength_ThrowsBeforeAllocating(ulong headerLength)
    {
        byte[] file = SafeTensorsTestFiles.Craft(headerLength, Encoding.UTF8.GetBytes("{}"), []);

        AssertRejected(file, $"Header length {headerLength} at byte offset 0 exceeds the limit of 100000000 bytes");
    }

    [Fact]
    public void Read_HeaderLengthPastTheEnd_ThrowsNamingTheLength()
    {
        byte[] file = SafeTensorsTestFiles.Craft(1000, Encoding.UTF8.GetBytes("{}      "), []);

        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(file));

        Assert.Contains("Header length 1000 at byte offset 0 runs past the end of the file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NonSeekableStreamWithLargeHeaderLength_AllocatesOnlyWhatArrives()
    {
        byte[] file = SafeTensorsTestFiles.Craft(99_999_999, Encoding.UTF8.GetBytes("{}"), new byte[100]);
        using var pipe = new NonSeekableStream(file, maxReadLength: 4096);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(pipe));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("inside the header that runs to byte offset 100000007", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes for a 110-byte stream");
    }

    [Fact]
    public void Read_NonSeekableStreamWithLargeDeclaredData_AllocatesOnlyWhatArrives()
    {
        byte[] file = SafeTensorsTestFiles.Craft("""{"a":{"dtype":"U8","shape":[2000000000],"data_offsets":[0,2000000000]}}""", new byte[10]);
        using var pipe = new NonSeekableStream(file, maxReadLength: 4096);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(pipe));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("inside the data section", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes for a {file.Length}-byte stream");
    }

    [Theory]
    [InlineData("{\"a\":{\"dtype\":\"F32\",", "not valid JSON")]
    [InlineData("{\"a\":{\"dtype\":F32}}", "not valid JSON")]
    [InlineData("{\"a\":1,}", "not valid JSON")]
    [InlineData("{} {}", "not valid JSON")]
    [InlineData("{}x", "not valid JSON")]
    [InlineData("{\"a\\ud800\":{}}", "not valid JSON")]
    [InlineData("[1, 2]", "does not start with '{'")]
    [InlineData(" {}", "does not start with '{'")]
    [InlineData("\"text\"", "does not start with '{'")]
    [InlineData("", "does not start with '{'")]
    public void Read_MalformedJsonHeader_ThrowsModelFormatException(string header, string expectedFragment)
    {
        AssertRejected(SafeTensorsTestFiles.Craft(header, []), expectedFragment);
    }

    [Fact]
    public void Read_HeaderNotUtf8_ThrowsModelFormatException()
    {
        byte[] header = [.. "{\"a"u8, 0xC3, 0x28, .. "\":1}"u8];

        AssertRejected(SafeTensorsTestFiles.Craft((ulong)header.Length, header, []), "is not valid UTF-8");
    }

    [Fact]
    public void Read_DeeplyNestedHeader_ThrowsModelFormatException()
    {
        string header = "{\"a\":" + new string('[', 200) + new string(']', 200) + "}";

        AssertRejected(SafeTensorsTestFiles.Craft(header, []), "not valid JSON");
    }

    [Theory]
    [InlineData("F33", "Tensor 'a': unknown dtype 'F33'.")]
    [InlineData("f32", "Tensor 'a': unknown dtype 'f32'.")]
    [InlineData("F8_E4M3", "Tensor 'a': unknown dtype 'F8_E4M3'.")]
    public void Read_UnknownDType_NamesTheTensorAndTheDType(string dtype, string expected)
    {
        byte[] file = SafeTensorsTestFiles.Craft($$$"""{"a":{"dtype":"{{{dtype}}}","shape":[8],"data_offsets":[0,32]}}""", s_eightFloats);

        AssertRejected(file, expected);
    }

    [Fact]
    public void Read_ShapeDoesNotMatchTheOffsets_NamesBothSizes()
    {
        byte[] file = SafeTensorsTestFiles.Craft("""{"cell.weight_ih":{"dtype":"F32","shape":[4,8],"data_offsets":[0,100]}}""", new byte[100]);

        AssertRejected(file, "Tensor 'cell.weight_ih': data_offsets [0, 100] span 100 bytes but dtype F32 and shape [4, 8] need 128 bytes.");
    }

    [Theory]
    [InlineData("[-1]", "shape[0] is -1")]
    [InlineData("[2, 1.5]", "shape[1] is 1.5")]
    [InlineData("[2147483648]", "shape[0] is 2147483648")]
    [InlineData("[\"8\"]", "shape[0] is a string")]
    [InlineData("8", "shape must be an array, but it is 8")]
    [InlineData("[2147483647, 2147483647, 2147483647]", "has more bytes than a 64-bit count holds")]
    [InlineData("[1073741824, 1073741824, 8]", "has more bytes than a 64-bit count holds")]
    public void Read_InvalidShape_NamesTheTensorAndTheDimension(string shape, string expectedFragment)
    {
        byte[] file = SafeTensorsTestFiles.Craft($$$"""{"a":{"dtype":"F32","shape":{{{shape}}},"data_offsets":[0,32]}}""", s_eightFloats);

        AssertRejected(file, expectedFragment);
    }

    [Theory]
    [InlineData("[8, 40]", "Tensor 'a': data_offsets [8, 40] run past the end of the data section, which holds 32 bytes from byte offset")]
    [InlineData("[4, 36]", "Tensor 'a': data_offsets [4, 36] run past the end of the data section")]
    [InlineData("[32, 0]", "Tensor 'a': data_offsets [32, 0] end before they begin.")]
    [InlineData("[-4, 28]", "data_offsets must be two non-negative integers")]
    [InlineData("[0, 32, 64]", "data_offsets must be two non-negative integers, but it is an array of 3")]
    [InlineData("[0, 1e400]", "data_offsets must be two non-negative integers")]
    [InlineData("[0, 18446744073709551616]", "data_offsets must be two non-negative integers")]
    public void Read_InvalidOffsets_NamesTheTensorAndTheOffsets(string offsets, string expectedFragment)
    {
        byte[] file = SafeTensorsTestFiles.Craft($$$"""{"a":{"dtype":"F32","shape":[8],"data_offsets":{{{offsets}}}}}""", s_eightFloats);

        AssertRejected(file, expectedFragment);
    }

    [Fact]
    public void Read_OverlappingOffsets_NamesBothTensors()
    {
        byte[] file = SafeTensorsTestFiles.Craft(
            """{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[4],"data_offsets":[12,28]}}""",
            new byte[28]);

        AssertRejected(file, "Tensor 'b': data_offsets [12, 28] overlap tensor 'a', which ends at 16.");
    }

    [Fact]
    public void Read_TwoTensorsOnTheSameBytes_ReportsAnOverlap()
    {
        byte[] file = SafeTensorsTestFiles.Craft(
            """{"a":{"dtype":"F32","shape":[8],"data_offsets":[0,32]},"b":{"dtype":"I32","shape":[8],"data_offsets":[0,32]}}""",
            s_eightFloats);

        AssertRejected(file, "overlap tensor 'a'");
    }

    [Fact]
    public void Read_GapBetweenTensors_NamesTheGapAndTheTensors()
    {
        byte[] file = SafeTensorsTestFiles.Craft(
            """{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"b":{"dtype":"F32","shape":[3],"data_offsets":[20,32]}}""",
            s_eightFloats);

        AssertRejected(file, "Tensor 'b': data_offsets [20, 32] leave a gap of 4 bytes after tensor 'a'.");
    }

    [Fact]
    public void Read_FirstTensorNotAtZero_ReportsAGapAtTheStart()
    {
        byte[] file = SafeTensorsTestFiles.Craft("""{"a":{"dtype":"F32","shape":[7],"data_offsets":[4,32]}}""", s_eightFloats);

        AssertRejected(file, "leave a gap of 4 bytes after the start of the data section.");
    }

    [Fact]
    public void Read_BytesAfterTheLastTensor_NamesTheirOffset()
    {
        string header = """{"a":{"dtype":"F32","shape":[7],"data_offsets":[0,28]}}""";
        byte[] file = SafeTensorsTestFiles.Craft(header, s_eightFloats);
        int dataStart = 8 + header.Length;

        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(file));
        var pipeEx = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(new NonSeekableStream(file)));

        Assert.Equal($"The data section at byte offset {dataStart} holds 32 bytes but the tensors cover 28; the 4 bytes from byte offset {dataStart + 28} belong to no tensor.", ex.Message);
        Assert.Equal($"The file continues after byte offset {dataStart + 28}, where the last tensor ends.", pipeEx.Message);
    }

    public static TheoryData<SafeTensorDType, byte[], string> NonFiniteElements => new()
    {
        { SafeTensorDType.F32, BitConverter.GetBytes(float.NaN), "NaN" },
        { SafeTensorDType.F32, BitConverter.GetBytes(float.PositiveInfinity), "infinite" },
        { SafeTensorDType.F32, BitConverter.GetBytes(float.NegativeInfinity), "infinite" },
        { SafeTensorDType.F32, [0x01, 0x00, 0x80, 0x7F], "NaN" },
        { SafeTensorDType.F64, BitConverter.GetBytes(double.NaN), "NaN" },
        { SafeTensorDType.F64, BitConverter.GetBytes(double.NegativeInfinity), "infinite" },
        { SafeTensorDType.F16, BitConverter.GetBytes(Half.NaN), "NaN" },
        { SafeTensorDType.F16, BitConverter.GetBytes(Half.PositiveInfinity), "infinite" },
        { SafeTensorDType.BF16, [0xC0, 0x7F], "NaN" },
        { SafeTensorDType.BF16, [0x80, 0xFF], "infinite" },
    };

    [Theory]
    [MemberData(nameof(NonFiniteElements))]
    public void Read_NonFiniteWeight_NamesTheTensorAndTheElement(SafeTensorDType dtype, byte[] element, string kind)
    {
        int size = dtype.GetElementSize();
        byte[] data = new byte[4 * size];
        element.CopyTo(data, 2 * size);
        string name = dtype.ToSafeTensorsName();
        byte[] file = SafeTensorsTestFiles.Craft($$$"""{"w":{"dtype":"{{{name}}}","shape":[4],"data_offsets":[0,{{{data.Length}}}]}}""", data);

        AssertRejected(file, $"Tensor 'w': element 2 is {kind}.");
    }

    [Fact]
    public void Read_LargestFiniteValues_AreAccepted()
    {
        byte[] file = SafeTensorsWriter.ToBytes(
            new Dictionary<string, string>(),
            [SafeTensor.FromSingle("f", [2], [float.MaxValue, -float.MaxValue]), SafeTensor.FromHalf("h", [2], [Half.MaxValue, Half.MinValue])]);

        Assert.Equal(2, SafeTensorsReader.Read(file).Tensors.Count);
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}""", "Header has the key 'a' more than once.")]
    [InlineData("""{"__metadata__":{},"__metadata__":{},"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", "Header has the key '__metadata__' more than once.")]
    [InlineData("""{"__metadata__":{"k":"1","k":"2"},"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", "Metadata has the key 'k' more than once.")]
    [InlineData("""{"a":{"dtype":"U8","dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", "Tensor 'a': the key 'dtype' appears more than once.")]
    public void Read_DuplicateKeys_NamesTheKey(string header, string expected)
    {
        AssertRejected(SafeTensorsTestFiles.Craft(header, [1, 2]), expected);
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"U8","shape":[2]}}""", "Tensor 'a': missing 'data_offsets'")]
    [InlineData("""{"a":{"shape":[2],"data_offsets":[0,2]}}""", "Tensor 'a': missing 'dtype'")]
    [InlineData("""{"a":{"dtype":"U8","data_offsets":[0,2]}}""", "Tensor 'a': missing 'shape'")]
    [InlineData("""{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"extra":1}}""", "Tensor 'a': unexpected key 'extra'")]
    [InlineData("""{"a":[0,2]}""", "Tensor 'a': expected an object with dtype, shape and data_offsets, but it is an array of 2.")]
    [InlineData("""{"a":{"dtype":8,"shape":[2],"data_offsets":[0,2]}}""", "Tensor 'a': dtype must be a string, but it is 8.")]
    [InlineData("""{"":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}""", "Header has a tensor with an empty name.")]
    public void Read_MalformedTensorEntry_NamesTheTensorAndTheKey(string header, string expectedFragment)
    {
        AssertRejected(SafeTensorsTestFiles.Craft(header, [1, 2]), expectedFragment);
    }

    [Theory]
    [InlineData("""{"edgelstm.format":1}""", "Metadata key 'edgelstm.format': the value must be a string, but it is 1.")]
    [InlineData("""{"k":null}""", "Metadata key 'k': the value must be a string, but it is null.")]
    [InlineData("""{"k":{"nested":"x"}}""", "Metadata key 'k': the value must be a string, but it is an object.")]
    [InlineData("""["a"]""", "'__metadata__' must be an object of strings, but it is an array of 1.")]
    [InlineData("null", "'__metadata__' must be an object of strings, but it is null.")]
    public void Read_MetadataNotStringToString_NamesTheKey(string metadata, string expected)
    {
        byte[] file = SafeTensorsTestFiles.Craft($$"""{"__metadata__":{{metadata}}}""", []);

        AssertRejected(file, expected);
    }

    private static void AssertRejected(byte[] file, string? expectedFragment)
    {
        // Every entry point must reject the file with the same kind of exception.
        var fromSpan = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(file));
        Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(new MemoryStream(file)));
        Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(new NonSeekableStream(file)));
        if (expectedFragment is not null)
        {
            Assert.Contains(expectedFragment, fromSpan.Message, StringComparison.Ordinal);
        }
    }

    private static byte[] FiniteRandomBytes(Random random, SafeTensorDType dtype, int count)
    {
        int size = dtype.GetElementSize();
        byte[] bytes = new byte[count * size];
        random.NextBytes(bytes);
        if (dtype.IsFloatingPoint())
        {
            // In every float format the bit below the sign is the top exponent bit (of the last
            // byte, little-endian); clearing it keeps the exponent from being all ones.
            for (int i = 0; i < count; i++)
            {
                bytes[(i * size) + size - 1] &= 0xBF;
            }
        }

        return bytes;
    }
}
