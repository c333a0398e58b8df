using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class PreprocessorTests
{
    private static readonly string s_columns = DataTestFiles.Fixture("nsl-kdd-columns.txt");

    private static RecordTable KddTrain() => NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-train.txt"), s_columns);

    private static RecordTable KddTest() => NslKddReader.Read(DataTestFiles.Fixture("nsl-kdd-test.txt"), s_columns);

    private static RecordTable Csv(DataTestFiles files, string content) => CsvTableReader.Read(files.Write("t.csv", content), new CsvTableOptions());

    [Fact]
    public void Fit_NumericColumn_StandardizesWithPopulationMeanAndDeviation()
    {
        using var files = new DataTestFiles();
        RecordTable table = Csv(files, "x,label\n1,0\n2,0\n3,1\n");

        Preprocessor preprocessor = Preprocessor.Fit(table);

        FeatureSpec x = Assert.Single(preprocessor.Features);
        Assert.Equal(("x", "none", 2.0), (x.Name, x.Transform, x.Mean));
        Assert.Equal(Math.Sqrt(2.0 / 3), x.StandardDeviation, 12);
        float[] inputs = preprocessor.Transform(table);
        Assert.Equal((float)(-1 / Math.Sqrt(2.0 / 3)), inputs[0]);
        Assert.Equal(0f, inputs[1]);
    }

    [Fact]
    public void Fit_HeavyTailedNonNegativeColumn_UsesLog1p()
    {
        using var files = new DataTestFiles();
        RecordTable table = Csv(files, "bytes,signed,label\n0,-5,0\n1,5,0\n2,-5,0\n1,5,0\n0,-5,0\n3,5,0\n1,-5,0\n0,5,0\n2,-5,0\n100000,500,1\n");

        Preprocessor preprocessor = Preprocessor.Fit(table);

        FeatureSpec bytes = preprocessor.Features[0];
        Assert.Equal("log1p", bytes.Transform);
        double[] logs = [.. new[] { 0, 1, 2, 1, 0, 3, 1, 0, 2, 100000 }.Select(v => Math.Log(1.0 + v))];
        Assert.Equal(logs.Average(), bytes.Mean, 12);
        Assert.Equal("none", preprocessor.Features[1].Transform);
    }

    [Fact]
    public void Fit_LogTransformOff_KeepsEveryColumnLinear()
    {
        using var files = new DataTestFiles();
        RecordTable table = Csv(files, "bytes,label\n0,0\n1,0\n0,0\n1,0\n0,0\n1,0\n0,0\n100000,1\n");

        Preprocessor preprocessor = Preprocessor.Fit(table, new PreprocessorOptions { LogTransformHeavyTails = false });

        Assert.Equal("none", preprocessor.Features[0].Transform);
    }

    [Fact]
    public void Fit_ConstantColumn_HasDeviationOne()
    {
        using var files = new DataTestFiles();
        RecordTable table = Csv(files, "x,label\n4,0\n4,1\n");

        Preprocessor preprocessor = Preprocessor.Fit(table);

        Assert.Equal(1.0, preprocessor.Features[0].StandardDeviation);
        Assert.Equal([0f, 0f], preprocessor.Transform(table));
    }

    [Fact]
    public void Transform_MissingAndInfiniteValues_AreImputedWithTheTrainingMean()
    {
        using var files = new DataTestFiles();
        RecordTable table = Csv(files, "x,label\n1,0\n,0\n3,1\nInfinity,1\n");

        Preprocessor preprocessor = Preprocessor.Fit(table);
        float[] inputs = preprocessor.Transform(table);

        Assert.Equal(2.0, preprocessor.Features[0].Mean);
        Assert.Equal([-1f, 0f, 1f, 0f], inputs);
    }

    [Fact]
    public void Fit_RowSubset_TakesStatisticsAndCategoriesFromThoseRowsOnly()
    {
        using var files = new DataTestFiles();
        RecordTable table = Csv(files, "x,proto,label\n1,tcp,0\n3,udp,0\n100,icmp,1\n");

        Preprocessor preprocessor = Preprocessor.Fit(table, new PreprocessorOptions { LogTransformHeavyTails = false }, rows: [true, true, false]);

        Assert.Equal(["x", "proto=tcp", "proto=udp"], preprocessor.Features.Select(f => f.Name));
        Assert.Equal((2.0, 1.0), (preprocessor.Features[0].Mean, preprocessor.Features[0].StandardDeviation));
        Assert.Equal(0.5, preprocessor.Features[1].Mean);
        preprocessor.Transform(table, out long unseen);
        Assert.Equal(1, unseen);
    }

    [Fact]
    public void Fit_RowFlagsOfTheWrongLength_Throws()
    {
        using var files = new DataTestFiles();
        RecordTable table = Csv(files, "x,label\n1,0\n2,1\n");

        Assert.Throws<ArgumentException>(() => Preprocessor.Fit(table, rows: [true]));
    }

    [Fact]
    public void Fit_CategoricalColumn_OneHotsByFrequencyWithColumnEqualsValueNames()
    {
        using var files = new DataTestFiles();
        RecordTable table = Csv(files, "proto,label\nudp,0\ntcp,0\ntcp,1\nicmp,1\n");

        Preprocessor preprocessor = Preprocessor.Fit(table);

        Assert.Equal(["proto=tcp", "proto=icmp", "proto=udp"], preprocessor.Features.Select(f => f.Name));
        Assert.Equal(0.5, preprocessor.Features[0].Mean);
        Assert.Equal(0.5, preprocessor.Features[0].StandardDeviation);
        float[] inputs = preprocessor.Transform(table);
        Assert.Equal(-1f, inputs[0]);
        Assert.Equal(1f, inputs[3]);
    }

    [Fact]
    public void Fit_MoreCategoriesThanTheCap_AddsAnOtherBucket()
    {
        using var files = new DataTestFiles();
        RecordTable table = Csv(files, "c,label\na,0\na,0\nb,0\nb,0\nc,1\nd,1\n");

        Preprocessor preprocessor = Preprocessor.Fit(table, new PreprocessorOptions { MaxCategories = 2 });
        float[] inputs = preprocessor.Transform(table, out long unseen);

        Assert.Equal(["c=a", "c=b", "c=<other>"], preprocessor.Features.Select(f => f.Name));
        Assert.Equal(2.0 / 6, preprocessor.Features[2].Mean, 12);
        Assert.Equal(2, unseen);
        float otherHit = (float)((1 - (2.0 / 6)) / Math.Sqrt(2.0 / 6 * (4.0 / 6)));
        Assert.Equal(otherHit, inputs[(4 * 3) + 2]);
    }

    [Fact]
    public void Transform_TestDataWithUnseenCategory_UsesTrainingStatisticsAndCountsIt()
    {
        Preprocessor preprocessor = Preprocessor.Fit(KddTrain());

        preprocessor.Transform(KddTest(), out long unseen);

        // "ftp" and "snmp" are services that the training fixture never shows.
        Assert.Equal(2, unseen);
    }

    [Fact]
    public void Transform_TestData_EqualsFeatureNormalizationApplyOnRawValues()
    {
        Preprocessor preprocessor = Preprocessor.Fit(KddTrain());
        FeatureNormalization normalization = preprocessor.ToNormalization(preprocessor.RecordSchema(NslKddReader.Schema, 1));
        RecordTable test = KddTest();

        float[] inputs = preprocessor.Transform(test);

        int m = preprocessor.FeatureCount;
        for (int r = 0; r < test.RowCount; r++)
        {
            float[] raw = RawRow(preprocessor, test, r);
            normalization.Apply(raw);
            Assert.Equal(raw, inputs.AsSpan(r * m, m).ToArray());
        }
    }

    [Fact]
    public void FromNormalization_StoredNormalization_RebuildsTheSamePreprocessor()
    {
        Preprocessor fitted = Preprocessor.Fit(KddTrain(), new PreprocessorOptions { MaxCategories = 3 });

        Preprocessor rebuilt = Preprocessor.FromNormalization(fitted.ToNormalization(fitted.RecordSchema(NslKddReader.Schema, 1)));

        Assert.Equal(fitted.Features, rebuilt.Features);
        Assert.Contains(rebuilt.Features, f => f.Encoding == FeatureEncoding.OtherCategory);
        Assert.Equal(fitted.Transform(KddTest(), out long fittedUnseen), rebuilt.Transform(KddTest(), out long rebuiltUnseen));
        Assert.Equal(fittedUnseen, rebuiltUnseen);
    }

    [Fact]
    public void ToNormalization_Schema_IsStoredWithEveryFeature()
    {
        Preprocessor preprocessor = Preprocessor.Fit(KddTrain());

        FeatureNormalization normalization = preprocessor.ToNormalization(preprocessor.RecordSchema("nsl-kdd", 2));

        Assert.Equal(("nsl-kdd", 2, 0.0), (normalization.Schema, normalization.Version, normalization.WindowSeconds));
        Assert.Equal(preprocessor.FeatureCount, normalization.Names.Count);
        Assert.Contains("protocol_type=tcp", normalization.Names);
        Assert.Contains("log1p", normalization.Transforms);
    }

    [Fact]
    public void ToNormalization_WindowSchema_StoresTheSchemasWindowNameAndVersion()
    {
        Preprocessor preprocessor = Preprocessor.Fit(KddTrain());
        string[] inputs = [.. preprocessor.Features.Select(f => f.Name)];

        FeatureNormalization normalization = preprocessor.ToNormalization(new FeatureSchema("s", 3, inputs, TimeSpan.FromSeconds(5)));

        Assert.Equal(("s", 3, 5.0), (normalization.Schema, normalization.Version, normalization.WindowSeconds));
        Assert.Equal(inputs, normalization.Names);
    }

    [Fact]
    public void ToNormalization_SchemaOfOtherNames_Throws()
    {
        Preprocessor preprocessor = Preprocessor.Fit(KddTrain());
        string[] reversed = [.. preprocessor.Features.Select(f => f.Name).Reverse()];

        var error = Assert.Throws<ArgumentException>(() => preprocessor.ToNormalization(new FeatureSchema("s", 1, reversed, TimeSpan.Zero)));

        Assert.Contains("does not name this preprocessor's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReaderOptions_OtherFileWithExtraColumnsInAnotherOrder_ReadsOnlyWhatTheModelNeeds()
    {
        using var files = new DataTestFiles();
        RecordTable train = Csv(files, "dur,proto,label\n1,tcp,0\n2,udp,1\n3,tcp,0\n");
        Preprocessor fitted = Preprocessor.Fit(train);
        Preprocessor rebuilt = Preprocessor.FromNormalization(fitted.ToNormalization(fitted.RecordSchema("flows", 1)));
        string other = files.Write("eval.csv", "proto,extra,dur,label\nudp,zzz,2,1\n");

        RecordTable eval = CsvTableReader.Read(other, rebuilt.ReaderOptions(new CsvTableOptions()));
        float[] inputs = rebuilt.Transform(eval);

        Assert.Equal(["dur", "proto"], eval.Columns.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(Preprocessor.Fit(train).Transform(train).AsSpan(3, 3).ToArray(), inputs);
    }

    [Fact]
    public void ReaderOptions_OtherFileWithoutAModelColumn_ThrowsNamingIt()
    {
        using var files = new DataTestFiles();
        Preprocessor preprocessor = Preprocessor.Fit(Csv(files, "dur,proto,label\n1,tcp,0\n2,udp,1\n"));
        string other = files.Write("eval.csv", "dur,label\n2,1\n");

        var error = Assert.Throws<DatasetFormatException>(() => CsvTableReader.Read(other, preprocessor.ReaderOptions(new CsvTableOptions())));

        Assert.Equal("proto", error.Column);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Transform_TableWithAColumnOfAnotherKind_ThrowsNamingIt()
    {
        using var files = new DataTestFiles();
        Preprocessor preprocessor = Preprocessor.Fit(Csv(files, "x,label\n1,0\n2,1\n"));
        RecordTable categorical = CsvTableReader.Read(files.Write("c.csv", "x,label\na,0\n"), new CsvTableOptions());

        var error = Assert.Throws<DatasetFormatException>(() => preprocessor.Transform(categorical));

        Assert.Equal("x", error.Column);
    }

    [Fact]
    public void FromNormalization_ListsOfDifferentLengths_Throws()
    {
        var normalization = new FeatureNormalization { Names = ["a", "b"], Transforms = ["none"], Means = [0, 0], StandardDeviations = [1, 1] };

        Assert.Throws<UsageException>(() => Preprocessor.FromNormalization(normalization));
    }

    // The raw vector the agent would see: numbers as read, one-hot inputs as 0 or 1.
    private static float[] RawRow(Preprocessor preprocessor, RecordTable table, int row)
    {
        var raw = new float[preprocessor.FeatureCount];
        for (int i = 0; i < raw.Length; i++)
        {
            FeatureSpec feature = preprocessor.Features[i];
            TableColumn column = table.FindColumn(feature.Column)!;
            raw[i] = feature.Encoding == FeatureEncoding.Number
                ? column.Numbers![row]
                : column.Categories![column.Codes![row]] == feature.Category ? 1f : 0f;
        }

        return raw;
    }
}
