using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Commands;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Tests.Commands;

[Collection(ConsoleCapture.Collection)]
public sealed class QuantizeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgelstm-quantize-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Quantize_TrainedModelWithHeldOutData_StoresPerFeatureQuantizationThatRebuildsAnIntegerModelAgreeingWithFloat()
    {
        string train = FlowCsv.Write(_folder, "train.csv", 1200, 1);
        string test = FlowCsv.Write(_folder, "test.csv", 480, 2);
        string model = Path.Combine(_folder, "flows.safetensors");
        string quantized = Path.Combine(_folder, "flows.int8.safetensors");
        Assert.Equal(0, TrainerCli.Build().Parse(["train", "--data", train, "--format", "csv", "--time-column", "ts", "--steps", "4", "--epochs", "6", "--hidden", "8", "--threads", "2", "-o", model]).Invoke());

        int exit = TrainerCli.Build().Parse(["quantize", "--model", model, "--data", train, "--test", test, "--format", "csv", "--time-column", "ts", "-o", quantized]).Invoke();
        int evaluated = TrainerCli.Build().Parse(["eval", "--model", quantized, "--data", test, "--format", "csv", "--time-column", "ts", "--integer"]).Invoke();

        Assert.Equal(0, exit);
        Assert.Equal(0, evaluated);
        SequenceModel<float> original = ModelFile.Load(model);
        SequenceModel<float> loaded = ModelFile.Load(quantized);
        Assert.Null(original.Config.Quantization);
        Assert.Equal(QuantizationScheme.DenseInt8, loaded.Config.Quantization!.Scheme);
        Assert.True(loaded.Config.Quantization.PerFeature);
        Assert.Equal(original.Parameters, loaded.Parameters);
        SequenceSet set = TrainingPipeline.ReadForModel(
            new DatasetSpec { Paths = [test], Format = "csv", TimeColumn = "ts" }, loaded, 1, WindowLabelRule.LastRecord);
        IntegerComparison comparison = IntegerComparison.Measure(loaded, IntegerSequenceScorer.FromModel(loaded), set, loaded.Config.Threshold!.Value);
        Assert.InRange(comparison.MaxHiddenError, 0, 0.05);
        Assert.InRange(Math.Abs(comparison.Integer.RocAuc - comparison.Float.RocAuc), 0, 0.01);
        Assert.InRange(comparison.DecisionAgreement, 0.98, 1);
    }

    [Fact]
    public void Train_QuantizeFlag_StoresQuantizationCalibratedOnTrainingData()
    {
        string train = FlowCsv.Write(_folder, "train.csv", 600, 3);
        string model = Path.Combine(_folder, "trained.safetensors");

        int exit = TrainerCli.Build().Parse(["train", "--data", train, "--format", "csv", "--time-column", "ts", "--steps", "4", "--epochs", "2", "--hidden", "8", "--threads", "2", "--quantize", "-o", model]).Invoke();

        Assert.Equal(0, exit);
        ModelQuantization quantization = ModelFile.Load(model).Config.Quantization!;
        // One sequence per record, the first three of the one host too (silence-padded).
        Assert.Equal(600, quantization.CalibrationSequences);
        Assert.InRange(quantization.CellExponent, 0, 15);
    }

    [Fact]
    public void Inspect_QuantizedModel_PrintsSchemeAndParameters()
    {
        var config = new ModelConfig
        {
            InputSize = 3,
            HiddenSize = 4,
            Quantization = new ModelQuantization { InputScale = 0.0625, InputZeroPoint = -3, CellExponent = 12, CalibrationSequences = 10 },
        };
        string path = Path.Combine(_folder, "q.safetensors");
        ModelFile.Save(SequenceModel.Create<float>(config, seed: 1), path);
        using var writer = new StringWriter();

        int exit = InspectCommand.Describe(path, writer);

        Assert.Equal(0, exit);
        Assert.Contains("integer    scheme int8, input scale 0.0625 zero point -3, cell exponent 12 (|c| < 8)", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_FloatModel_SaysNotQuantized()
    {
        string path = Path.Combine(_folder, "f.safetensors");
        ModelFile.Save(SequenceModel.Create<float>(new ModelConfig { InputSize = 3, HiddenSize = 4 }, seed: 1), path);
        using var writer = new StringWriter();

        InspectCommand.Describe(path, writer);

        Assert.Contains("integer    not quantized", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Subsample_MoreSequencesThanLimit_KeepsEvenlySpacedInOrder()
    {
        float[] inputs = [.. Enumerable.Range(0, 10).Select(i => (float)i)];
        var set = new SequenceSet(inputs, new int[10], new bool[10], steps: 1, inputSize: 1, ["benign", "attack"]);

        SequenceSet sample = QuantizeCommand.Subsample(set, 4);

        Assert.Equal([0f, 2f, 5f, 7f], sample.Inputs);
    }

    [Theory]
    [InlineData(0.5, 1.0, "--input-tail 0.5")]
    [InlineData(0.01, 64.0, "--input-headroom 64")]
    public void Quantize_SettingOutOfRange_ThrowsUsageErrorNamingItBeforeReadingFiles(double tail, double headroom, string named)
    {
        var settings = new QuantizationSettings { InputTail = tail, InputHeadroom = headroom };

        UsageException error = Assert.Throws<UsageException>(() =>
            QuantizeCommand.Quantize(Path.Combine(_folder, "absent.safetensors"), new DatasetSpec { Paths = ["absent.csv"], Format = "csv" }, 1, settings, Path.Combine(_folder, "out.safetensors")));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subsample_ZeroLimit_Throws()
    {
        var set = new SequenceSet([1f], [0], [true], steps: 1, inputSize: 1, ["benign", "attack"]);

        Assert.Throws<UsageException>(() => QuantizeCommand.Subsample(set, 0));
    }
}
