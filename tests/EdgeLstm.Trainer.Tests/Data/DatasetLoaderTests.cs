using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class DatasetLoaderTests
{
    private static DatasetSpec Kdd(string file, bool multiClass = false) => new()
    {
        Format = "nsl-kdd",
        Paths = [DataTestFiles.Fixture(file)],
        ColumnsFile = DataTestFiles.Fixture("nsl-kdd-columns.txt"),
        MultiClass = multiClass,
    };

    [Fact]
    public void Read_NslKddWithoutColumnsFile_UsesColumnsTxtNextToTheData()
    {
        using var files = new DataTestFiles();
        string data = files.Write("KDDTrain+.txt", File.ReadAllText(DataTestFiles.Fixture("nsl-kdd-train.txt")));
        files.Write("columns.txt", File.ReadAllText(DataTestFiles.Fixture("nsl-kdd-columns.txt")));

        RecordTable table = DatasetLoader.Read(new DatasetSpec { Format = "nsl-kdd", Paths = [data] });

        Assert.Equal(8, table.RowCount);
        Assert.Equal(41, table.Columns.Count);
    }

    [Fact]
    public void Classes_NslKdd_BinaryOrFiveClasses()
    {
        RecordTable table = DatasetLoader.Read(Kdd("nsl-kdd-train.txt"));

        Assert.Equal([0, 1, 1, 1, 1, 1, 0, 0], DatasetLoader.Classes(Kdd("nsl-kdd-train.txt"), table).Encode(table));
        Assert.Equal([0, 1, 1, 2, 3, 4, 0, 0], DatasetLoader.Classes(Kdd("nsl-kdd-train.txt", multiClass: true), table).Encode(table));
    }

    [Fact]
    public void Read_CsvDefaults_ReadLabelColumnAnyCaseAndBenignIsBenign()
    {
        var spec = new DatasetSpec { Format = "csv", Paths = [DataTestFiles.Fixture("cic-flows.csv")] };

        RecordTable table = DatasetLoader.Read(spec);
        ClassMap classes = DatasetLoader.Classes(spec, table);

        Assert.Equal("Label", table.LabelColumn);
        Assert.Equal([0, 0, 1, 1, 1, 0], classes.Encode(table));
    }

    [Fact]
    public void Read_FlowFormat_TheAgentsFlowFeaturesPerOriginatingHostWithLabels()
    {
        var spec = new DatasetSpec { Format = "flow", Paths = [DataTestFiles.Fixture("zeek-conn.log")] };

        RecordTable table = DatasetLoader.Read(spec);

        Assert.Equal(FlowFeatures.Schema.FeatureNames, table.Columns.Select(c => c.Name));
        Assert.All(table.Columns, c => Assert.Equal(ColumnKind.Numeric, c.Kind));
        Assert.Same(FlowFeatures.Schema, table.Schema);
        Assert.Equal(["192.168.1.195", "192.168.1.195", "192.168.1.200", "192.168.1.195"], table.EntityCodes!.Select(c => table.EntityValues[c]));
        Assert.Equal([1545403820.0, 1545403816.5, 1545403818.25, 1545403819.0], table.Times!);
        Assert.Equal([0, 1, 0, 1], DatasetLoader.Classes(spec, table).Encode(table));
        Assert.Equal([0f, 1f, 0f, 1f], table.FindColumn("state_s0")!.Numbers!);
        Assert.Equal([120f, 0f, 40f, 0f], table.FindColumn("orig_bytes")!.Numbers!);
    }

    [Fact]
    public void Read_FlowFormatMalformedLine_ThrowsNamingFileAndLine()
    {
        using var files = new DataTestFiles();
        string[] lines = File.ReadAllLines(DataTestFiles.Fixture("zeek-conn.log"));
        lines[9] = "yesterday" + lines[9][lines[9].IndexOf('\t', StringComparison.Ordinal)..];
        string path = files.Write("conn.log", string.Join('\n', lines) + "\n");

        DatasetFormatException error = Assert.Throws<DatasetFormatException>(() => DatasetLoader.Read(new DatasetSpec { Format = "flow", Paths = [path] }));

        Assert.Equal(10, error.Line);
        Assert.StartsWith($"{path}:10: timestamp 'yesterday'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ZeekDefaults_UseTsEntityAndLabel()
    {
        var spec = new DatasetSpec { Format = "zeek", Paths = [DataTestFiles.Fixture("iot23-conn.csv")] };

        RecordTable table = DatasetLoader.Read(spec);

        Assert.Equal(("ts", "id.orig_h", "label"), (table.TimeColumn, table.EntityColumn, table.LabelColumn));
        Assert.Equal([0, 1, 0, 1], DatasetLoader.Classes(spec, table).Encode(table));
    }

    [Fact]
    public void Read_WithFittedPreprocessor_ReadsOnlyTheModelColumnsOfAnotherFile()
    {
        var train = new DatasetSpec { Format = "zeek", Paths = [DataTestFiles.Fixture("zeek-conn.log")] };
        RecordTable table = DatasetLoader.Read(train);
        Preprocessor fit = Preprocessor.Fit(table);
        Preprocessor fitted = Preprocessor.FromNormalization(fit.ToNormalization(train.Descriptor.SchemaOf(table, fit)));

        RecordTable other = DatasetLoader.Read(train with { Paths = [DataTestFiles.Fixture("iot23-conn.csv")] }, fitted);

        Assert.Equal(Preprocessor.Fit(table).Transform(table), fitted.Transform(other));
    }

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        var spec = new DatasetSpec { Format = "csv", Paths = ["/nonexistent/flows.csv"] };

        Assert.Throws<FileNotFoundException>(() => DatasetLoader.Read(spec));
    }

    [Fact]
    public void Read_UnknownFormat_ThrowsNamingTheFormats()
    {
        var spec = new DatasetSpec { Format = "arff", Paths = [DataTestFiles.Fixture("unsw-flows.csv")] };

        var error = Assert.Throws<UsageException>(() => DatasetLoader.Read(spec));

        Assert.Contains("nsl-kdd, csv, zeek, flow, features", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("nsl-kdd", "normal")]
    [InlineData("zeek", "Benign")]
    [InlineData("features", "benign")]
    [InlineData("csv", "BENIGN")]
    public void Spec_Format_HasDefaultBenignValue(string format, string benign)
    {
        var spec = new DatasetSpec { Format = format };

        Assert.Equal(benign, spec.Benign);
    }

    [Theory]
    [InlineData("csv", "flow-csv")]
    [InlineData("zeek", "zeek-conn")]
    public void SchemaOf_RecordFormat_IsTheFormatsSchemaOverThePreprocessorsInputsWithNoWindow(string format, string schema)
    {
        var spec = new DatasetSpec { Format = format, Paths = [DataTestFiles.Fixture(format == "csv" ? "cic-flows.csv" : "iot23-conn.csv")], LabelColumn = format == "csv" ? "Label" : null };
        RecordTable table = DatasetLoader.Read(spec);
        Preprocessor preprocessor = Preprocessor.Fit(table);

        FeatureSchema read = spec.Descriptor.SchemaOf(table, preprocessor);

        Assert.Equal((schema, 1, TimeSpan.Zero), (read.Name, read.Version, read.Window));
        Assert.Equal(preprocessor.Features.Select(f => f.Name), read.FeatureNames);
    }

    [Fact]
    public void SchemaOf_FeaturesFormat_IsTheSchemaTheFileCarries()
    {
        using var files = new DataTestFiles();
        var spec = new DatasetSpec { Format = "features", Paths = [files.Write("f.csv", "#edgelstm-schema name=edgelstm.host-window version=1 window_seconds=5 features=1\nentity,window_start,a\nh,0,1\n")] };
        RecordTable table = DatasetLoader.Read(spec);

        FeatureSchema read = spec.Descriptor.SchemaOf(table, Preprocessor.Fit(table));

        Assert.Same(table.Schema, read);
        Assert.Equal(TimeSpan.FromSeconds(5), read.Window);
    }
}
