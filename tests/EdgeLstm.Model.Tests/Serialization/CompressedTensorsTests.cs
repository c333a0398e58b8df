using EdgeLstm.Model;
using EdgeLstm.Model.LowPrecision;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed class CompressedTensorsTests
{
    private const string WeightIh = "cell.weight_ih";

    public static TheoryData<CellKind, HeadKind, bool, bool> EveryCellAndCompression()
    {
        var data = new TheoryData<CellKind, HeadKind, bool, bool>();
        foreach (CellKind cell in TestModels.AllCells)
        {
            data.Add(cell, HeadKind.Sigmoid, true, false);
            data.Add(cell, HeadKind.NextStep, false, true);
            data.Add(cell, HeadKind.Softmax, true, true);
        }

        return data;
    }

    // A model as SET and FloatSD8 training leave it: sparse cell matrices, weight matrices on the FloatSD8 grid.
    private static SequenceModel<float> CompressedModel(CellKind cell, HeadKind head, bool sparse, bool floatSD8, int seed = 3)
    {
        ModelConfig config = TestModels.Config(cell, head, inputSize: 5, hiddenSize: 7) with
        {
            Compression = new ModelCompression { Sparse = sparse, FloatSD8 = floatSD8 },
        };
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed);
        var random = new Random(seed);
        foreach (TensorSpec tensor in model.Tensors)
        {
            Span<float> values = model.Parameters.AsSpan(tensor.Offset, tensor.Length);
            if (sparse && ModelCompression.IsSparseCandidate(tensor))
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = random.NextDouble() < 0.8 ? 0 : values[i];
                }
            }

            if (floatSD8 && ModelCompression.IsFloatSD8Candidate(tensor))
            {
                FloatSD8Quantizer.QuantizeTensor(values, values);
            }
        }

        return model;
    }

    // Writes the model's file with one stored tensor replaced (or removed, when replacement is null).
    private static byte[] Tamper(SequenceModel<float> model, string name, SafeTensor? replacement)
    {
        SafeTensorsDocument document = SafeTensorsReader.Read(ModelFile.ToBytes(model));
        SafeTensor[] tensors = [.. document.Tensors.Select(t => t.Name == name ? replacement : t).OfType<SafeTensor>()];
        return SafeTensorsWriter.ToBytes(document.Metadata, tensors);
    }

    [Theory]
    [MemberData(nameof(EveryCellAndCompression))]
    public void Read_CompressedModel_RoundTripsEveryParameterAndConfig(CellKind cell, HeadKind head, bool sparse, bool floatSD8)
    {
        SequenceModel<float> model = CompressedModel(cell, head, sparse, floatSD8);

        byte[] bytes = ModelFile.ToBytes(model);
        SequenceModel<float> read = ModelFile.Read(bytes);

        Assert.Equal(model.Parameters, read.Parameters);
        Assert.Equal(model.Config.Compression, read.Config.Compression);
        Assert.Equal(bytes, ModelFile.ToBytes(read));
        SafeTensorsDocument document = SafeTensorsReader.Read(bytes);
        Assert.Equal(sparse, document.TryGetTensor(WeightIh + ".row_offsets", out _));
        Assert.Equal(floatSD8, document.TryGetTensor("head.weight.offset", out _));
        Assert.True(document.TryGetTensor("head.bias", out SafeTensor? bias) && bias.DType == SafeTensorDType.F32);
    }

    [Fact]
    public void Encode_SparseFloatSD8_StoresOneByteAndOneColumnIndexPerNonZero()
    {
        SequenceModel<float> model = CompressedModel(CellKind.Lstm, HeadKind.Sigmoid, sparse: true, floatSD8: true);
        TensorSpec spec = model.Tensors.Single(t => t.Name == WeightIh);
        float[] values = model.Parameters.AsSpan(spec.Offset, spec.Length).ToArray();

        SafeTensor[] tensors = [.. CompressedTensors.Encode(spec, values, sparse: true, floatSD8: true)];

        int nonZero = values.Count(v => v != 0);
        Assert.Equal([WeightIh + ".values", WeightIh + ".col_indices", WeightIh + ".row_offsets", WeightIh + ".offset"], tensors.Select(t => t.Name));
        Assert.Equal(nonZero, tensors[0].Data.Length);
        Assert.Equal(SafeTensorDType.U8, tensors[0].DType);
        Assert.Equal(2 * nonZero, tensors[1].Data.Length);
        Assert.Equal(spec.Shape[0] + 1, tensors[2].ElementCount);
    }

    [Fact]
    public void Encode_FloatSD8OffGridValue_ThrowsNamingTensor()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(
            TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid) with { Compression = new ModelCompression { FloatSD8 = true } }, seed: 1);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ModelFile.ToBytes(model));

        Assert.Contains("cell.weight_ih", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadSparseTensors() => new()
    {
        { "column out of range", WeightIh + ".col_indices" },
        { "column negative", WeightIh + ".col_indices" },
        { "columns unsorted", WeightIh + ".col_indices" },
        { "column repeated", WeightIh + ".col_indices" },
        { "column indices I8", WeightIh + ".col_indices" },
        { "column count short", WeightIh + ".col_indices" },
        { "row offsets start above zero", WeightIh + ".row_offsets" },
        { "row offsets decrease", WeightIh + ".row_offsets" },
        { "row offsets too few", WeightIh + ".row_offsets" },
        { "row offsets missing", WeightIh + ".row_offsets" },
        { "values count short", WeightIh + ".values" },
        { "values F16", WeightIh + ".values" },
        { "dense tensor instead", WeightIh },
    };

    [Theory]
    [MemberData(nameof(BadSparseTensors))]
    public void Read_BadSparseLayout_ThrowsNamingTensor(string problem, string tensorName)
    {
        SequenceModel<float> model = CompressedModel(CellKind.Lstm, HeadKind.Sigmoid, sparse: true, floatSD8: false);
        TensorSpec spec = model.Tensors.Single(t => t.Name == WeightIh);
        SafeTensor[] good = [.. CompressedTensors.Encode(spec, model.Parameters.AsSpan(spec.Offset, spec.Length), sparse: true, floatSD8: false)];
        short[] columns = good[1].ToInt16Array();
        int[] rows = good[2].ToInt32Array();
        float[] values = good[0].ToSingleArray();
        int row = Enumerable.Range(0, spec.Shape[0]).First(r => rows[r + 1] - rows[r] >= 2);
        int first = rows[row];

        short[] Changed(int at, short value)
        {
            short[] copy = (short[])columns.Clone();
            copy[at] = value;
            return copy;
        }

        int[] ChangedRows(int at, int value)
        {
            int[] copy = (int[])rows.Clone();
            copy[at] = value;
            return copy;
        }

        (string name, SafeTensor? replacement) = problem switch
        {
            "column out of range" => (good[1].Name, SafeTensor.FromInt16(good[1].Name, [columns.Length], Changed(first, (short)spec.Shape[1]))),
            "column negative" => (good[1].Name, SafeTensor.FromInt16(good[1].Name, [columns.Length], Changed(first, -1))),
            "columns unsorted" => (good[1].Name, SafeTensor.FromInt16(good[1].Name, [columns.Length], Changed(first, (short)(columns[first + 1] + 1)))),
            "column repeated" => (good[1].Name, SafeTensor.FromInt16(good[1].Name, [columns.Length], Changed(first + 1, columns[first]))),
            "column indices I8" => (good[1].Name, SafeTensor.FromSByte(good[1].Name, [columns.Length], [.. columns.Select(c => (sbyte)c)])),
            "column count short" => (good[1].Name, SafeTensor.FromInt16(good[1].Name, [columns.Length - 1], columns.AsSpan(1))),
            "row offsets start above zero" => (good[2].Name, SafeTensor.FromInt32(good[2].Name, [rows.Length], ChangedRows(0, 1))),
            "row offsets decrease" => (good[2].Name, SafeTensor.FromInt32(good[2].Name, [rows.Length], ChangedRows(row + 1, rows[row] - 1))),
            "row offsets too few" => (good[2].Name, SafeTensor.FromInt32(good[2].Name, [rows.Length - 1], rows.AsSpan(1))),
            "row offsets missing" => (good[2].Name, null),
            "values count short" => (good[0].Name, SafeTensor.FromSingle(good[0].Name, [values.Length - 1], values.AsSpan(1))),
            "values F16" => (good[0].Name, SafeTensor.FromHalf(good[0].Name, [values.Length], [.. values.Select(v => (Half)v)])),
            "dense tensor instead" => (good[0].Name, SafeTensor.FromSingle(WeightIh, [.. spec.Shape], model.Parameters.AsSpan(spec.Offset, spec.Length))),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(Tamper(model, name, replacement)));

        Assert.Contains($"'{tensorName}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-101)]
    public void Read_FloatSD8OffsetOutOfRange_ThrowsNamingTensor(int offset)
    {
        SequenceModel<float> model = CompressedModel(CellKind.Slim3, HeadKind.Sigmoid, sparse: false, floatSD8: true);

        byte[] bytes = Tamper(model, "head.weight.offset", SafeTensor.FromInt32("head.weight.offset", [1], [offset]));

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));
        Assert.Contains("'head.weight.offset'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FloatSD8CodesStoredAsF32_ThrowsNamingTensor()
    {
        SequenceModel<float> model = CompressedModel(CellKind.Lite, HeadKind.Sigmoid, sparse: false, floatSD8: true);
        TensorSpec spec = model.Tensors.Single(t => t.Name == "cell.weight_hh");

        byte[] bytes = Tamper(model, spec.Name, SafeTensor.FromSingle(spec.Name, [.. spec.Shape], model.Parameters.AsSpan(spec.Offset, spec.Length)));

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(bytes));
        Assert.Contains("'cell.weight_hh' has dtype F32, expected U8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FloatSD8OffsetMissing_ThrowsNamingTensor()
    {
        SequenceModel<float> model = CompressedModel(CellKind.Lstm, HeadKind.Sigmoid, sparse: true, floatSD8: true);

        ModelFormatException error = Assert.Throws<ModelFormatException>(() => ModelFile.Read(Tamper(model, WeightIh + ".offset", null)));

        Assert.Contains($"'{WeightIh}.offset' [1] is missing", error.Message, StringComparison.Ordinal);
    }
}
