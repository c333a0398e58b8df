using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Tests.Commands;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Tests.Training;

/// <summary>The schema travels: the real <c>features</c> command on the traffic-lab capture, the real <c>train</c>, and the
/// binding that <c>eval</c>, <c>quantize</c> and <c>calibrate</c> apply through <see cref="TrainingPipeline.ReadRowsForModel"/>.</summary>
[Collection(ConsoleCapture.Collection)]
public sealed class TrainingPipelineTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgelstm-pipeline-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Features(string name, double window)
    {
        string csv = Path.Combine(_folder, name);
        (int exit, _, string error) = ConsoleCapture.Run("features", "--capture", FeaturesCommandTests.Sample("lab.pcap"), "--window", window.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", csv);
        Assert.True(exit == 0, error);
        return csv;
    }

    private string Train(string csv, string name)
    {
        string model = Path.Combine(_folder, name);
        (int exit, _, string error) = ConsoleCapture.Run("train", "--data", csv, "--format", "features", "--unsupervised", "--steps", "3", "--epochs", "2", "--hidden", "8", "--threads", "1", "-o", model);
        Assert.True(exit == 0, error);
        return model;
    }

    private static DatasetSpec Spec(string csv) => new() { Format = "features", Paths = [csv] };

    [Fact]
    public void Run_FeaturesOfFiveSecondWindows_ModelStoresTheSchemaTheFileCarries()
    {
        string csv = Features("lab5.csv", 5);

        FeatureNormalization features = ModelFile.Load(Train(csv, "lab5.safetensors")).Config.Features!;

        FeatureSchema written = FeatureCsvReader.Read(csv).Schema!;
        Assert.Equal(TimeSpan.FromSeconds(5), written.Window);
        Assert.Equal((written.Name, written.Version, 5.0), (features.Schema, features.Version, features.WindowSeconds));
        Assert.Equal(written.FeatureNames, features.Names);
        Assert.True(SchemaBinding.Match(new StoredSchema(features.Schema, features.Version, features.Names, features.WindowSeconds), written).Fits);
    }

    [Fact]
    public void ReadRowsForModel_FeaturesOfAnotherWindow_ThrowsNamingBothWindows()
    {
        SequenceModel<float> model = ModelFile.Load(Train(Features("lab5.csv", 5), "lab5.safetensors"));
        string oneSecond = Features("lab1.csv", 1);

        var error = Assert.Throws<UsageException>(() => TrainingPipeline.ReadRowsForModel(Spec(oneSecond), model));

        Assert.Contains($"does not fit the data in {oneSecond}", error.Message, StringComparison.Ordinal);
        Assert.Contains("window: the model was trained on 5 s windows, the source computes 1 s windows", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eval")]
    [InlineData("quantize")]
    [InlineData("calibrate")]
    public void Command_ModelOfFiveSecondsOnOneSecondFeatures_ExitsTwoNamingBothWindows(string command)
    {
        string model = Train(Features("lab5.csv", 5), "lab5.safetensors");
        string oneSecond = Features("lab1.csv", 1);
        string[] output = command == "eval" ? [] : ["-o", Path.Combine(_folder, "out.safetensors")];

        (int exit, _, string error) = ConsoleCapture.Run([command, "--model", model, "--data", oneSecond, "--format", "features", .. output]);

        Assert.Equal(2, exit);
        Assert.Contains("the model was trained on 5 s windows, the source computes 1 s windows", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "out.safetensors")));
    }

    [Fact]
    public void ReadRowsForModel_FeaturesWithARenamedColumn_ThrowsNamingThePosition()
    {
        string csv = Features("lab5.csv", 5);
        SequenceModel<float> model = ModelFile.Load(Train(csv, "lab5.safetensors"));
        string[] lines = File.ReadAllLines(csv);
        string renamed = Path.Combine(_folder, "renamed.csv");
        File.WriteAllLines(renamed, [lines[0], lines[1].Replace(",pkts_out,", ",packets_out,", StringComparison.Ordinal), .. lines[2..]]);

        var error = Assert.Throws<UsageException>(() => TrainingPipeline.ReadRowsForModel(Spec(renamed), model));

        Assert.Contains("feature names differ at 1 position(s): 0 is 'pkts_out' in the model, 'packets_out' in the source", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRowsForModel_FeaturesWithAnExtraColumn_ThrowsNamingBothCounts()
    {
        string csv = Features("lab5.csv", 5);
        SequenceModel<float> model = ModelFile.Load(Train(csv, "lab5.safetensors"));
        string[] lines = File.ReadAllLines(csv);
        string extra = Path.Combine(_folder, "extra.csv");
        File.WriteAllLines(extra, [lines[0].Replace("features=48", "features=49", StringComparison.Ordinal), lines[1].Replace("entity,window_start,", "entity,window_start,extra,", StringComparison.Ordinal),
            .. lines[2..].Select(l => l.Insert(l.IndexOf(',', l.IndexOf(',', StringComparison.Ordinal) + 1) + 1, "0,"))]);

        var error = Assert.Throws<UsageException>(() => TrainingPipeline.ReadRowsForModel(Spec(extra), model));

        Assert.Contains("features: the model reads 48, the source computes 49", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OldFeaturesWithoutSchemaLine_InfersTheWindowAndReportsWhatWasUnknown()
    {
        string csv = Features("lab5.csv", 5);
        string old = Path.Combine(_folder, "old.csv");
        File.WriteAllLines(old, File.ReadAllLines(csv)[1..]);
        string model = Path.Combine(_folder, "old.safetensors");

        (int exit, string output, string error) = ConsoleCapture.Run("train", "--data", old, "--format", "features", "--unsupervised", "--steps", "3", "--epochs", "2", "--hidden", "8", "--threads", "1", "-o", model);

        Assert.True(exit == 0, error);
        Assert.Contains($"{old} has no schema line", output, StringComparison.Ordinal);
        Assert.Contains("5 s window inferred from the spacing of window_start", output, StringComparison.Ordinal);
        Assert.Equal(5, ModelFile.Load(model).Config.Features!.WindowSeconds);
        Assert.Contains("has no schema line", File.ReadAllText(Path.ChangeExtension(model, ".report.md")), StringComparison.Ordinal);
    }
}
