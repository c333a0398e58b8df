using System.Diagnostics;
using System.Globalization;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed class SafeTensorsWriterTests
{
    [Fact]
    public void ToBytes_KnownInput_WritesTheReferenceLayout()
    {
        var metadata = new Dictionary<string, string> { ["b"] = "2", ["a"] = "\"x\"" };
        SafeTensor[] tensors = [SafeTensor.FromSingle("w", [2], [1f, 2f]), SafeTensor.FromByte("m", [1], [7])];

        byte[] file = SafeTensorsWriter.ToBytes(metadata, tensors);

        const string Json = """{"__metadata__":{"a":"\"x\"","b":"2"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"m":{"dtype":"U8","shape":[1],"data_offsets":[8,9]}}""";
        string header = SafeTensorsTestFiles.HeaderText(file);
        Assert.Equal(Json, header.TrimEnd(' '));
        Assert.Equal(8 + header.Length + 9, file.Length);
        Assert.Equal(SafeTensorsTestFiles.F32(1f, 2f).Append((byte)7), file[(8 + header.Length)..]);
    }

    [Fact]
    public void ToBytes_SameInputTwice_GivesTheSameBytes()
    {
        byte[] first = SafeTensorsTestFiles.SmallModelBytes();
        byte[] second = SafeTensorsTestFiles.SmallModelBytes();

        Assert.Equal(first, second);
    }

    [Fact]
    public void ToBytes_MetadataInsertedInAnotherOrder_GivesTheSameBytes()
    {
        var forward = new Dictionary<string, string> { ["a"] = "1", ["B"] = "2", ["c"] = "3" };
        var backward = new Dictionary<string, string> { ["c"] = "3", ["B"] = "2", ["a"] = "1" };
        SafeTensor[] tensors = [SafeTensor.FromInt32("t", [1], [5])];

        Assert.Equal(SafeTensorsWriter.ToBytes(forward, tensors), SafeTensorsWriter.ToBytes(backward, tensors));
        Assert.StartsWith("""{"__metadata__":{"B":"2","a":"1","c":"3"}""", SafeTensorsTestFiles.HeaderText(SafeTensorsWriter.ToBytes(forward, tensors)), StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_AnyNameLength_PadsTheHeaderWithSpacesToAMultipleOfEight()
    {
        var paddings = new HashSet<int>();
        for (int length = 1; length <= 16; length++)
        {
            byte[] file = SafeTensorsWriter.ToBytes(new Dictionary<string, string>(), [SafeTensor.FromByte(new string('n', length), [1], [1])]);
            string header = SafeTensorsTestFiles.HeaderText(file);
            string json = header.TrimEnd(' ');

            Assert.Equal(0, header.Length % 8);
            Assert.EndsWith("}", json, StringComparison.Ordinal);
            Assert.True(header.Length - json.Length < 8);
            paddings.Add(header.Length - json.Length);
        }

        Assert.Equal(8, paddings.Count);
    }

    [Fact]
    public void ToBytes_EmptyMetadata_OmitsTheMetadataKey()
    {
        byte[] file = SafeTensorsWriter.ToBytes(new Dictionary<string, string>(), [SafeTensor.FromByte("m", [1], [1])]);

        Assert.DoesNotContain("__metadata__", SafeTensorsTestFiles.HeaderText(file), StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_NoTensors_WritesAnEmptyObject()
    {
        byte[] file = SafeTensorsWriter.ToBytes(new Dictionary<string, string>(), []);

        Assert.Equal("{}      ", SafeTensorsTestFiles.HeaderText(file));
        Assert.Equal(16, file.Length);
    }

    [Fact]
    public void Write_Stream_WritesTheSameBytesAsToBytes()
    {
        using var stream = new MemoryStream();
        stream.WriteByte(0xAB);

        SafeTensorsWriter.Write(stream, SafeTensorsTestFiles.Metadata, SafeTensorsTestFiles.SmallModel());

        Assert.Equal([0xAB, .. SafeTensorsTestFiles.SmallModelBytes()], stream.ToArray());
    }

    [Fact]
    public void ToBytes_DuplicateTensorNames_ThrowsArgumentException()
    {
        SafeTensor[] tensors = [SafeTensor.FromByte("w", [1], [1]), SafeTensor.FromByte("w", [1], [2])];

        var ex = Assert.Throws<ArgumentException>(() => SafeTensorsWriter.ToBytes(new Dictionary<string, string>(), tensors));

        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "infinite")]
    [InlineData(float.NegativeInfinity, "infinite")]
    public void ToBytes_NonFiniteWeight_ThrowsArgumentExceptionNamingTheElement(float value, string kind)
    {
        SafeTensor[] tensors = [SafeTensor.FromSingle("w", [3], [0f, 1f, value])];

        var ex = Assert.Throws<ArgumentException>(() => SafeTensorsWriter.ToBytes(new Dictionary<string, string>(), tensors));

        Assert.StartsWith($"Tensor 'w': element 2 is {kind}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBytes_NullMetadataValue_ThrowsArgumentNullException()
    {
        var metadata = new Dictionary<string, string> { ["k"] = null! };

        Assert.Throws<ArgumentNullException>(() => SafeTensorsWriter.ToBytes(metadata, []));
    }

    [Fact]
    public void WriteFile_ExistingFile_ReplacesItWithAReadableModel()
    {
        string directory = Directory.CreateTempSubdirectory("edgelstm-writer-").FullName;
        try
        {
            string path = Path.Combine(directory, "model.safetensors");
            File.WriteAllText(path, "old content");

            SafeTensorsWriter.WriteFile(path, SafeTensorsTestFiles.Metadata, SafeTensorsTestFiles.SmallModel());

            Assert.Equal(SafeTensorsTestFiles.SmallModelBytes(), File.ReadAllBytes(path));
            Assert.Equal(["model.safetensors"], Directory.GetFiles(directory).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [SkippableFact]
    public void ToBytes_FileReadByThePythonSnippetOfTheDocs_GivesTheSameValues()
    {
        string python = Environment.GetEnvironmentVariable("EDGELSTM_PYTHON") is { Length: > 0 } configured ? configured : "/usr/bin/python3";
        Skip.IfNot(File.Exists(python), $"{python} is absent: the Python json+struct reading test needs a python3 interpreter.");

        string directory = Directory.CreateTempSubdirectory("edgelstm-python-").FullName;
        try
        {
            string modelPath = Path.Combine(directory, "model.safetensors");
            List<SafeTensor> tensors = SafeTensorsTestFiles.SmallModel();
            SafeTensorsWriter.WriteFile(modelPath, SafeTensorsTestFiles.Metadata, tensors);
            string scriptPath = Path.Combine(directory, "load.py");
            File.WriteAllText(scriptPath, DocsPythonSnippet() + PrintSums);

            string output = RunPython(python, scriptPath, modelPath);

            string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal($"format {SafeTensorsTestFiles.Metadata["edgelstm.format"]}", lines[0]);
            Assert.Equal(tensors.Count, lines.Length - 1);
            for (int i = 0; i < tensors.Count; i++)
            {
                SafeTensor tensor = tensors[i];
                string[] fields = lines[i + 1].Split(' ');
                Assert.Equal(tensor.Name, fields[0]);
                Assert.Equal(string.Join(",", tensor.Shape), fields[1]);

                // Same values, same order, double precision: the sums agree exactly.
                Assert.Equal(SumInDouble(tensor), double.Parse(fields[2], CultureInfo.InvariantCulture));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double SumInDouble(SafeTensor tensor)
    {
        IEnumerable<double> values = tensor.DType switch
        {
            SafeTensorDType.F32 => tensor.ToSingleArray().Select(value => (double)value),
            SafeTensorDType.F16 => tensor.ToHalfArray().Select(value => (double)value),
            SafeTensorDType.I8 => tensor.ToSByteArray().Select(value => (double)value),
            _ => tensor.ToInt32Array().Select(value => (double)value),
        };
        double total = 0;
        foreach (double value in values)
        {
            total += value;
        }

        return total;
    }

    // Appended to the docs snippet; sums in file order in double precision, as the C# side does.
    private const string PrintSums = """

        import sys
        metadata, tensors = load_safetensors(sys.argv[1])
        print("format", metadata["edgelstm.format"])
        for name, (dtype, shape, values) in tensors.items():
            total = 0.0
            for value in values:
                total += value
            print(name, ",".join(str(d) for d in shape), repr(float(total)))
        """;

    private static string RunPython(string python, string scriptPath, string modelPath)
    {
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(scriptPath);
        start.ArgumentList.Add(modelPath);
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"python exited with {process.ExitCode}: {error.Result}");
        return output;
    }

    // The first ```python block of docs/model-file.md, so the documented loader is the one tested.
    private static string DocsPythonSnippet()
    {
        string markdown = File.ReadAllText(FindRepositoryFile("docs/model-file.md"));
        int start = markdown.IndexOf("```python\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/model-file.md has no ```python block.");
        start += "```python\n".Length;
        int end = markdown.IndexOf("```", start, StringComparison.Ordinal);
        return markdown[start..end];
    }

    private static string FindRepositoryFile(string relativePath)
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relativePath} not found above {AppContext.BaseDirectory}.");
    }
}
