using EdgeLstm.Model;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class DatasetLoaderTests
{
    private static readonly SequenceOptions s_single = new();

    private static DatasetSpec Kdd(string file, bool multiClass = false) => new()
    {
        Format = DatasetFormat.NslKdd,
        Paths = [DataTestFiles.Fixture(file)],
        ColumnsPath = DataTestFiles.Fixture("nsl-kdd-columns.txt"),
        MultiClass = multiClass,
    };

    [Fact]
    public void PrepareForTraining_NslKddBinary_GivesNormalAndAttackSequences()
    {
        PreparedDataset train = DatasetLoader.PrepareForTraining(Kdd("nsl-kdd-train.txt"), s_single);

        Assert.Equal(["normal", "attack"], train.ClassNames);
        Assert.Equal([3, 5], train.Sequences.CountClasses());
        Assert.Equal("nsl-kdd", train.Normalization.Schema);
        Assert.Equal(train.Preprocessor.FeatureCount, train.Sequences.InputSize);
    }

    [Fact]
    public void PrepareForModel_TestFile_UsesTheTrainingNormalizationAndClasses()
    {
        PreparedDataset train = DatasetLoader.PrepareForTraining(Kdd("nsl-kdd-train.txt", multiClass: true), s_single);

        PreparedDataset test = DatasetLoader.PrepareForModel(Kdd("nsl-kdd-test.txt", multiClass: true), train.Normalization, train.ClassNames, s_single);

        Assert.Equal(["normal", "DoS", "Probe", "R2L", "U2R"], test.ClassNames);
        Assert.Equal([0, 2, 1, 4, 3], test.Sequences.Labels);
        Assert.Equal(train.Preprocessor.Transform(test.Table), test.Sequences.Inputs);
        Assert.Equal(2, test.UnseenCategories);
    }

    [Fact]
    public void Read_NslKddWithoutColumnsPath_UsesColumnsTxtNextToTheData()
    {
        using var files = new DataTestFiles();
        string data = files.Write("KDDTrain+.txt", File.ReadAllText(DataTestFiles.Fixture("nsl-kdd-train.txt")));
        files.Write("columns.txt", File.ReadAllText(DataTestFiles.Fixture("nsl-kdd-columns.txt")));

        RecordTable table = DatasetLoader.Read(new DatasetSpec { Format = DatasetFormat.NslKdd, Paths = [data] });

        Assert.Equal(8, table.RowCount);
    }

    [Theory]
    [InlineData("unsw-flows.csv", "0")]
    [InlineData("cic-flows.csv", "BENIGN")]
    public void PrepareForTraining_CsvWithoutBenignValue_FindsTheBenignLabel(string file, string benign)
    {
        var spec = new DatasetSpec { Format = DatasetFormat.Csv, Paths = [DataTestFiles.Fixture(file)] };

        PreparedDataset data = DatasetLoader.PrepareForTraining(spec, s_single);

        Assert.Equal(benign, data.ClassNames[0]);
        Assert.Equal(data.Table.RowCount, data.Sequences.Count);
        Assert.True(data.Sequences.CountClasses()[1] > 0);
    }

    [Fact]
    public void PrepareForTraining_NoBenignLabel_ThrowsNamingTheLabelColumn()
    {
        using var files = new DataTestFiles();
        var spec = new DatasetSpec { Format = DatasetFormat.Csv, Paths = [files.Write("t.csv", "x,kind\n1,good\n2,bad\n")], LabelColumn = "kind" };

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.PrepareForTraining(spec, s_single));

        Assert.Equal("kind", error.Column);
        Assert.Contains("no benign label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrepareForModel_OtherSchema_Throws()
    {
        PreparedDataset train = DatasetLoader.PrepareForTraining(Kdd("nsl-kdd-train.txt"), s_single);
        var spec = new DatasetSpec { Format = DatasetFormat.Csv, Paths = [DataTestFiles.Fixture("unsw-flows.csv")] };

        var error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.PrepareForModel(spec, train.Normalization, train.ClassNames, s_single));

        Assert.Contains("schema 'nsl-kdd'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PrepareForModel_ZeekTrainedOnTsvEvaluatedOnCsv_GivesTheSameInputs()
    {
        var sequences = new SequenceOptions { Steps = 2 };
        PreparedDataset train = DatasetLoader.PrepareForTraining(new DatasetSpec { Format = DatasetFormat.Zeek, Paths = [DataTestFiles.Fixture("zeek-conn.log")] }, sequences);

        PreparedDataset eval = DatasetLoader.PrepareForModel(
            new DatasetSpec { Format = DatasetFormat.Zeek, Paths = [DataTestFiles.Fixture("iot23-conn.csv")] }, train.Normalization, train.ClassNames, sequences);

        Assert.Equal(["Benign", "attack"], eval.ClassNames);
        Assert.Equal(train.Sequences.Inputs, eval.Sequences.Inputs);
        Assert.Equal(train.Sequences.Labels, eval.Sequences.Labels);
        Assert.Equal(2, eval.Sequences.Count);
    }

    [Fact]
    public void PrepareForTraining_FitOnBenignOnly_TakesStatisticsFromBenignRows()
    {
        using var files = new DataTestFiles();
        var spec = new DatasetSpec { Format = DatasetFormat.Csv, Paths = [files.Write("t.csv", "x,label\n1,benign\n3,benign\n100,attack\n")] };

        PreparedDataset data = DatasetLoader.PrepareForTraining(spec, s_single, new PreprocessorOptions { LogTransformHeavyTails = false }, fitOnBenignOnly: true);

        Assert.Equal(2.0, data.Normalization.Means[0]);
        Assert.Equal(1.0, data.Normalization.StandardDeviations[0]);
    }

    [Fact]
    public void PrepareForTraining_FeaturesUnlabeled_StoresTheWindowAndMakesEveryWindowBenign()
    {
        var spec = new DatasetSpec { Format = DatasetFormat.Features, Paths = [DataTestFiles.Fixture("features.csv")], Unlabeled = true, WindowSeconds = 2 };

        PreparedDataset data = DatasetLoader.PrepareForTraining(spec, new SequenceOptions { Steps = 3 });

        Assert.Equal(("edgelstm.host-window", 2.0), (data.Normalization.Schema, data.Normalization.WindowSeconds));
        Assert.Equal(["benign"], data.ClassNames);
        Assert.Equal(2, data.Sequences.Count);
        Assert.All(data.Sequences.AllBenign, Assert.True);
    }

    [Fact]
    public void RequireTwoClasses_OnlyBenignData_ThrowsNamingTheFile()
    {
        using var files = new DataTestFiles();
        var spec = new DatasetSpec { Format = DatasetFormat.Csv, Paths = [files.Write("calm.csv", "x,label\n1,benign\n3,benign\n")] };
        PreparedDataset data = DatasetLoader.PrepareForTraining(spec, s_single);

        var error = Assert.Throws<DatasetFormatException>(data.RequireTwoClasses);

        Assert.Contains("calm.csv", error.Message, StringComparison.Ordinal);
        Assert.Equal("label", error.Column);
    }

    [Fact]
    public void DescribeImputations_CicFlows_ReportsTheRateColumn()
    {
        var spec = new DatasetSpec { Format = DatasetFormat.Csv, Paths = [DataTestFiles.Fixture("cic-flows.csv")] };

        PreparedDataset data = DatasetLoader.PrepareForTraining(spec, s_single);

        Assert.Equal(["Flow Bytes/s: 2 missing, 1 infinite, 0 not a number; imputed with the training mean"], data.DescribeImputations());
    }

    [Fact]
    public void Normalization_Stored_PassesTheModelConfigValidation()
    {
        PreparedDataset data = DatasetLoader.PrepareForTraining(Kdd("nsl-kdd-train.txt"), s_single);
        var config = new ModelConfig { InputSize = data.Sequences.InputSize, HiddenSize = 4, Features = data.Normalization, ClassNames = data.ClassNames };

        Exception? error = Record.Exception(config.Validate);

        Assert.Null(error);
    }
}
