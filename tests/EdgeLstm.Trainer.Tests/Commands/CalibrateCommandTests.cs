using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Commands;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Tests.Commands;

public sealed class CalibrateCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgelstm-calibrate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Calibrate_SiteTraffic_ThresholdIsTheTargetQuantileOfItsBenignWindowsAndOnlyTheThresholdChanges()
    {
        string model = TrainModel(quantize: false);
        string site = FlowCsv.Write(_folder, "site.csv", 900, seed: 5, byteShift: 400);
        string output = Path.Combine(_folder, "site.safetensors");

        int exit = TrainerCli.Build().Parse(["calibrate", "--model", model, "--data", site, "--format", "csv", "--time-column", "ts", "--target-fpr", "0.05", "-o", output]).Invoke();

        Assert.Equal(0, exit);
        SequenceModel<float> before = ModelFile.Load(model);
        SequenceModel<float> after = ModelFile.Load(output);
        SequenceSet benign = TrainingPipeline.ReadForModel(Spec(site), after, 1, WindowLabelRule.LastRecord).BenignOnly();
        float[] scores = ModelTrainer.Score(after, benign);
        Assert.Equal(AlertThreshold.AtFalsePositiveRate(scores, 0.05), after.Config.Threshold);
        Assert.InRange(scores.Count(s => s >= after.Config.Threshold), 1, (int)(0.05 * scores.Length));
        Assert.NotEqual(before.Config.Threshold, after.Config.Threshold);
        Assert.Equal(before.Parameters, after.Parameters);
        Assert.True(after.Config.Provenance!.Created >= before.Config.Provenance!.Created, "a re-calibrated model is a newer model");
        Assert.Equal(
            ModelConfigJson.Serialize(before.Config with { Threshold = after.Config.Threshold, Provenance = before.Config.Provenance with { Created = after.Config.Provenance.Created } }),
            ModelConfigJson.Serialize(after.Config));
        Assert.False(File.Exists(output + ".tmp"));
    }

    [Fact]
    public void Calibrate_QuantizedModel_ScoresWithTheIntegerModelAsTheAgentDoes()
    {
        string model = TrainModel(quantize: true);
        string site = FlowCsv.Write(_folder, "site.csv", 900, seed: 6, byteShift: 400);

        CalibrationResult result = CalibrateCommand.Calibrate(model, Spec(site), 0.01, Path.Combine(_folder, "q.safetensors"));

        Assert.True(result.Integer);
        Assert.InRange(result.RateAfter, 0, 0.01);
        Assert.True(result.LeftOut > 0, "the site file's attack windows are left out");
        Assert.Equal(result.After, ModelFile.Load(Path.Combine(_folder, "q.safetensors")).Config.Threshold);
    }

    [Fact]
    public void Calibrate_AlertsPerHostDay_FitsUnderThePolicyAndAMoreTolerantTargetLowersTheThreshold()
    {
        string model = TrainModel(quantize: false);
        string site = FlowCsv.Write(_folder, "site.csv", 900, seed: 7, byteShift: 400);
        var strict = new CalibrationTarget(null, 1, AlertPolicyShape.Default);
        var tolerant = strict with { AlertsPerHostDay = 200 };

        CalibrationResult one = CalibrateCommand.Calibrate(model, Spec(site), strict, Path.Combine(_folder, "one.safetensors"));
        CalibrationResult many = CalibrateCommand.Calibrate(model, Spec(site), tolerant, Path.Combine(_folder, "many.safetensors"));

        Assert.NotNull(one.Fit);
        Assert.Equal(one.After, one.Fit.Threshold);
        Assert.Equal(one.RateAfter, one.Fit.WindowRate, 1e-12);
        Assert.True(one.HostHours > 0);
        Assert.True(many.After < one.After, $"{many.After} is not below {one.After}");
        Assert.True(many.Fit!.PredictedAlertsPerHostHour * 24 <= 200);
        Assert.Equal(one.After, ModelFile.Load(Path.Combine(_folder, "one.safetensors")).Config.Threshold);
    }

    [Theory]
    [InlineData(999, true)]
    [InlineData(1000, false)]
    public void Print_FewerThanAThousandWindows_WarnsOnStandardError(int windows, bool warns)
    {
        var result = new CalibrationResult(0.5, 0.8, windows, 0, 0.02, 0.001, 0.001, Integer: false, "out.safetensors");
        using var output = new StringWriter();
        using var error = new StringWriter();

        result.Print(output, error);

        Assert.Equal(warns, error.ToString().StartsWith("WARNING: the threshold rests on only", StringComparison.Ordinal));
        Assert.Contains("threshold before 0.5: 2.000 % of these windows at or above it", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("threshold after  0.8: 0.100 % at or above it (target 0.100 %)", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("-0.1")]
    public void Calibrate_TargetOutsideZeroToOne_ExitsTwoWithoutWriting(string rate)
    {
        string model = Path.Combine(_folder, "m.safetensors");
        ModelFile.Save(SequenceModel.Create<float>(new ModelConfig { InputSize = 3, HiddenSize = 4, Threshold = 0.5 }, seed: 1), model);
        string output = Path.Combine(_folder, "out.safetensors");

        int exit = TrainerCli.Build().Parse(["calibrate", "--model", model, "--data", FlowCsv.Write(_folder, "site.csv", 50, seed: 1), "--target-fpr", rate, "-o", output]).Invoke();

        Assert.Equal(2, exit);
        Assert.False(File.Exists(output));
    }

    private static DatasetSpec Spec(string path) => new() { Paths = [path], Format = "csv", TimeColumn = "ts" };

    private string TrainModel(bool quantize)
    {
        string train = FlowCsv.Write(_folder, "train.csv", 900, seed: 1);
        string model = Path.Combine(_folder, quantize ? "q-model.safetensors" : "model.safetensors");
        string[] args = ["train", "--data", train, "--format", "csv", "--time-column", "ts", "--steps", "4", "--epochs", "2", "--hidden", "8", "--threads", "2", "-o", model];
        Assert.Equal(0, TrainerCli.Build().Parse(quantize ? [.. args, "--quantize"] : args).Invoke());
        return model;
    }
}
