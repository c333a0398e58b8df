using System.Globalization;
using System.Text;
using EdgeLstm.Features.Flows;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer.Tests.Commands;

[Collection(ConsoleCapture.Collection)]
public sealed class TrainCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgelstm-train-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes flows where attacks are bursts of large, short TCP flows from a few hosts.</summary>
    private string WriteFlows(string name, int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("ts,src,duration,bytes,proto,label\n");
        for (int i = 0; i < rows; i++)
        {
            bool attack = (i / 8) % 3 == 2;
            double bytes = attack ? 5000 + (random.NextDouble() * 3000) : 200 + (random.NextDouble() * 300);
            double duration = attack ? random.NextDouble() * 0.01 : 1 + random.NextDouble();
            string proto = attack ? "tcp" : random.Next(2) == 0 ? "udp" : "tcp";
            csv.Append(CultureInfo.InvariantCulture, $"{1000 + i},10.0.0.{i % 4},{duration:F4},{bytes:F0},{proto},{(attack ? "DoS" : "BENIGN")}\n");
        }

        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    [Fact]
    public void Train_ThenEvalAndInspect_WritesModelReportAndSeparatesClasses()
    {
        string train = WriteFlows("train.csv", 1200, 1);
        string test = WriteFlows("test.csv", 480, 2);
        string model = Path.Combine(_folder, "out", "flows.safetensors");

        int trained = TrainerCli.Build().Parse(["train", "--data", train, "--test", test, "--format", "csv", "--time-column", "ts", "--steps", "4", "--epochs", "6", "--hidden", "8", "--threads", "2", "-o", model]).Invoke();
        int evaluated = TrainerCli.Build().Parse(["eval", "--model", model, "--data", test, "--format", "csv", "--time-column", "ts"]).Invoke();

        Assert.Equal(0, trained);
        Assert.Equal(0, evaluated);
        SequenceModel<float> loaded = ModelFile.Load(model);
        Assert.Equal(4, loaded.Config.SequenceLength);
        Assert.NotNull(loaded.Config.Threshold);
        Assert.Equal("flow-csv", loaded.Config.Features!.Schema);
        Assert.Contains("proto=tcp", loaded.Config.Features.Names);
        Assert.InRange(loaded.Config.Provenance!.Metrics["roc_auc"]!.Value, 0.95, 1.0);
        Assert.Equal(64, loaded.Config.Provenance.DataHash.Length);
        Assert.True(File.Exists(Path.Combine(_folder, "out", "flows.report.md")));
        Assert.True(File.Exists(Path.Combine(_folder, "out", "flows.roc.svg")));
        Assert.True(File.Exists(Path.Combine(_folder, "out", "flows.eval.report.md")));
    }

    [Fact]
    public void Train_GruCellWithQuantize_SavesGruModelThatSeparatesClassesInIntegers()
    {
        string train = WriteFlows("train.csv", 1200, 1);
        string test = WriteFlows("test.csv", 480, 2);
        string model = Path.Combine(_folder, "gru.safetensors");

        int trained = TrainerCli.Build().Parse(["train", "--cell", "gru", "--data", train, "--test", test, "--format", "csv", "--time-column", "ts", "--steps", "4", "--epochs", "6", "--hidden", "8", "--threads", "2", "--quantize", "-o", model]).Invoke();
        int evaluated = TrainerCli.Build().Parse(["eval", "--model", model, "--data", test, "--format", "csv", "--time-column", "ts", "--integer"]).Invoke();

        Assert.Equal(0, trained);
        Assert.Equal(0, evaluated);
        SequenceModel<float> loaded = ModelFile.Load(model);
        Assert.Equal(CellKind.Gru, loaded.Config.Cell);
        Assert.NotNull(loaded.Config.Quantization);
        Assert.Contains(loaded.Tensors, t => t.Name == "cell.bias_hh");
        Assert.InRange(loaded.Config.Provenance!.Metrics["roc_auc"]!.Value, 0.95, 1.0);
    }

    [Fact]
    public void Train_FlowFormatOnConnLog_ModelReadsTheAgentsFlowSchemaAndSeparatesScans()
    {
        // Hosts .1-.3 browse (SF, bytes both ways); hosts .7-.8 scan (S0 or REJ, nothing back, successive low ports).
        var random = new Random(3);
        var log = new StringBuilder("#separator \\x09\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\tlabel\n");
        for (int i = 0; i < 1500; i++)
        {
            bool scan = i % 5 >= 3;
            string host = "10.0.0." + (scan ? 7 + (i % 2) : 1 + (i % 3)).ToString(CultureInfo.InvariantCulture);
            log.Append(scan
                ? string.Create(CultureInfo.InvariantCulture, $"{1000 + i}.5\tC{i}\t{host}\t4000\t10.0.1.9\t{1 + (i % 1000)}\ttcp\t-\t-\t0\t0\t{(i % 2 == 0 ? "S0" : "REJ")}\t1\t44\t{i % 2}\t{40 * (i % 2)}\tMalicious\n")
                : string.Create(CultureInfo.InvariantCulture, $"{1000 + i}.5\tC{i}\t{host}\t4000\t93.184.216.34\t443\ttcp\tssl\t{1 + random.NextDouble():F3}\t{500 + random.Next(900)}\t{3000 + random.Next(9000)}\tSF\t10\t1400\t9\t9000\tBenign\n"));
        }

        string data = Path.Combine(_folder, "conn.log");
        File.WriteAllText(data, log.ToString());
        string model = Path.Combine(_folder, "flow.safetensors");

        int trained = TrainerCli.Build().Parse(["train", "--data", data, "--format", "flow", "--steps", "4", "--epochs", "4", "--hidden", "8", "--threads", "2", "-o", model]).Invoke();

        Assert.Equal(0, trained);
        FeatureNormalization features = ModelFile.Load(model).Config.Features!;
        Assert.Equal((FlowFeatures.SchemaName, FlowFeatures.SchemaVersion), (features.Schema, features.Version));
        Assert.Equal(FlowFeatures.Schema.FeatureNames, features.Names);
        Assert.Equal(0, features.WindowSeconds);
        Assert.InRange(ModelFile.Load(model).Config.Provenance!.Metrics["roc_auc"]!.Value, 0.95, 1.0);
    }

    [Fact]
    public void Train_SparseAndFloatSD8Flags_ExportsCompressedModelAtRequestedDensity()
    {
        string train = WriteFlows("train.csv", 1200, 1);
        string model = Path.Combine(_folder, "sparse.safetensors");

        int trained = TrainerCli.Build().Parse(
            ["train", "--data", train, "--format", "csv", "--time-column", "ts", "--steps", "4", "--epochs", "6", "--hidden", "8", "--threads", "2",
             "--sparse", "--density", "0.25", "--zeta", "0.2", "--floatsd8", "-o", model]).Invoke();

        Assert.Equal(0, trained);
        SequenceModel<float> loaded = ModelFile.Load(model);
        Assert.True(loaded.Config.Compression is { Sparse: true, FloatSD8: true });
        foreach (TensorSpec matrix in loaded.Tensors.Where(ModelCompression.IsSparseCandidate))
        {
            int nonZero = matrix.Length - loaded.Parameters.AsSpan(matrix.Offset, matrix.Length).Count(0f);
            Assert.InRange(nonZero, 1, (int)Math.Round(0.25 * matrix.Length));
        }

        Assert.InRange(loaded.Config.Provenance!.Metrics["roc_auc"]!.Value, 0.9, 1.0);
    }

    [Fact]
    public void Train_DensityAndEpsilonTogether_FailsNamingBoth()
    {
        string train = WriteFlows("train.csv", 200, 1);
        using var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        int exit;
        try
        {
            exit = TrainerCli.Build().Parse(
                ["train", "--data", train, "--format", "csv", "--sparse", "--density", "0.2", "--epsilon", "3", "-o", Path.Combine(_folder, "x.safetensors")]).Invoke();
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, exit);
        Assert.Contains("--density", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("--epsilon", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_UnsupervisedOnBenign_ScoresAttacksHigher()
    {
        string train = WriteFlows("train.csv", 1200, 3);
        string model = Path.Combine(_folder, "next.safetensors");

        int exit = TrainerCli.Build().Parse(["train", "--data", train, "--format", "csv", "--unsupervised", "--steps", "4", "--epochs", "4", "--hidden", "8", "-o", model]).Invoke();

        Assert.Equal(0, exit);
        SequenceModel<float> loaded = ModelFile.Load(model);
        Assert.Equal(HeadKind.NextStep, loaded.Config.Head);
        Assert.InRange(loaded.Config.Provenance!.Metrics["roc_auc"]!.Value, 0.6, 1.0);
    }

    [Fact]
    public void Train_UnsupervisedOnBenignOnlyFeatures_SucceedsWithUndefinedMetricsAsNull()
    {
        // The documented use: host windows of benign traffic only, no label column, so no attack in validation.
        var random = new Random(6);
        var csv = new StringBuilder("entity,window_start,packets_out,bytes_out\n");
        for (int w = 0; w < 300; w++)
        {
            for (int host = 1; host <= 3; host++)
            {
                csv.Append(CultureInfo.InvariantCulture, $"10.0.0.{host},{1000 + w},{5 + random.Next(5)},{400 + random.Next(300)}\n");
            }
        }

        string data = Path.Combine(_folder, "benign-features.csv");
        File.WriteAllText(data, csv.ToString());
        string model = Path.Combine(_folder, "benign.safetensors");

        (int exit, string output, _) = ConsoleCapture.Run("train", "--data", data, "--format", "features", "--unsupervised", "--steps", "4", "--epochs", "2", "--hidden", "4", "-o", model);

        Assert.Equal(0, exit);
        ModelProvenance provenance = ModelFile.Load(model).Config.Provenance!;
        Assert.Null(provenance.Metrics["roc_auc"]);
        Assert.Null(provenance.Metrics["recall"]);
        Assert.NotNull(provenance.Metrics["false_positive_rate"]);
        Assert.Contains("ROC AUC n/a", output, StringComparison.Ordinal);
        Assert.Contains("| ROC AUC | n/a |", File.ReadAllText(Path.Combine(_folder, "benign.report.md")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Train_TimeColumnAndFewBenignWindows_NamesTheTimeSplitAndWarnsLoudly()
    {
        string train = WriteFlows("train.csv", 1200, 7);
        string model = Path.Combine(_folder, "split.safetensors");

        (int exit, string console, _) = ConsoleCapture.Run("train", "--data", train, "--time-column", "ts", "--steps", "4", "--epochs", "1", "--hidden", "4", "-o", model);

        Assert.Equal(0, exit);
        Assert.Contains("Split by time (ts): training 1,076 records before", console, StringComparison.Ordinal);
        Assert.Contains("validation 120 from", console, StringComparison.Ordinal);
        Assert.Contains("WARNING: the alert threshold rests on", console, StringComparison.Ordinal);
        Assert.Contains("On the time validation split", console, StringComparison.Ordinal);
        string report = File.ReadAllText(Path.Combine(_folder, "split.report.md"));
        Assert.Contains("Split by time (ts)", report, StringComparison.Ordinal);
        Assert.Contains("WARNING: the alert threshold rests on", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_UnsupervisedCsvWithoutLabelColumn_Trains()
    {
        string path = Path.Combine(_folder, "unlabelled.csv");
        File.WriteAllText(path, "bytes,packets\n" + string.Concat(Enumerable.Range(0, 400).Select(i => $"{100 + (i * 7 % 50)},{1 + (i % 5)}\n")));

        (int exit, string output, string error) = ConsoleCapture.Run("train", "--data", path, "--unsupervised", "--steps", "2", "--epochs", "1", "--hidden", "4", "-o", Path.Combine(_folder, "u.safetensors"));

        Assert.True(exit == 0, error);
        Assert.Contains("Split by file order", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ZeroOneLabelsWithDefaultBenign_ExitsTwoListingValuesAndSuggestingBenignZero()
    {
        string path = Path.Combine(_folder, "unsw.csv");
        File.WriteAllText(path, "sbytes,label\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"{i},{(i % 3 == 0 ? 1 : 0)}\n")));

        (int exit, _, string error) = ConsoleCapture.Run("train", "--data", path, "--steps", "1", "-o", Path.Combine(_folder, "z.safetensors"));

        Assert.Equal(2, exit);
        Assert.Contains("'0' (40), '1' (20)", error, StringComparison.Ordinal);
        Assert.Contains("--benign 0", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_CsvWithAnUnclosedQuote_ExitsTwoNamingFileLineAndCharacter()
    {
        string path = Path.Combine(_folder, "quote.csv");
        File.WriteAllText(path, "bytes,label\n1,BENIGN\n2,\"BENIGN\n3,BENIGN\n");

        (int exit, _, string error) = ConsoleCapture.Run("train", "--data", path, "--steps", "1", "-o", Path.Combine(_folder, "q.safetensors"));

        Assert.Equal(2, exit);
        Assert.Contains("quote.csv:3: character 3 (field 2): a quoted field is not closed", error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "q.safetensors")));
    }

    [Fact]
    public void Train_MalformedTestFile_FailsBeforeTraining()
    {
        string train = WriteFlows("train.csv", 400, 8);
        string test = Path.Combine(_folder, "bad-test.csv");
        File.WriteAllText(test, "ts,src,duration,bytes,proto\n1,10.0.0.1,1,2,tcp\n");

        (int exit, string output, string error) = ConsoleCapture.Run("train", "--data", train, "--test", test, "--time-column", "ts", "--steps", "2", "--epochs", "3", "--hidden", "4", "-o", Path.Combine(_folder, "t.safetensors"));

        Assert.Equal(2, exit);
        Assert.Contains("bad-test.csv:1: column 'label'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("epoch", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_MissingAndInfiniteValues_PrintsTheImputationCounts()
    {
        string path = Path.Combine(_folder, "gaps.csv");
        var csv = new StringBuilder("rate,bytes,label\n");
        for (int i = 0; i < 300; i++)
        {
            string rate = i % 50 == 0 ? "" : i % 70 == 0 ? "Infinity" : (i % 9).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{rate},{i % 13},{(i % 4 == 0 ? "DoS" : "BENIGN")}\n");
        }

        File.WriteAllText(path, csv.ToString());

        (int exit, string output, string error) = ConsoleCapture.Run("train", "--data", path, "--steps", "1", "--epochs", "1", "--hidden", "4", "-o", Path.Combine(_folder, "g.safetensors"));

        Assert.True(exit == 0, error);
        Assert.Contains("Imputed with the training mean (input 0): 10 numeric fields in 1 column(s): rate 6 missing, 4 infinite.", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_SameSeed_SameModelBytes()
    {
        string train = WriteFlows("train.csv", 400, 4);
        string first = Path.Combine(_folder, "a.safetensors");
        string second = Path.Combine(_folder, "b.safetensors");
        string[] Args(string output) => ["train", "--data", train, "--steps", "2", "--epochs", "2", "--hidden", "4", "--threads", "2", "--seed", "9", "--created", "2026-01-01T00:00:00Z", "-o", output];

        Assert.Equal(0, TrainerCli.Build().Parse(Args(first)).Invoke());
        Assert.Equal(0, TrainerCli.Build().Parse(Args(second)).Invoke());

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void Train_MissingLabelColumn_ExitsTwoNamingColumn()
    {
        string train = WriteFlows("train.csv", 100, 5);
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        try
        {
            int exit = TrainerCli.Build().Parse(["train", "--data", train, "--label-column", "verdict", "-o", Path.Combine(_folder, "x.safetensors")]).Invoke();

            Assert.Equal(2, exit);
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("verdict", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Train_OnlyOneClass_ExitsTwoSayingSo()
    {
        string path = Path.Combine(_folder, "benign.csv");
        File.WriteAllText(path, "bytes,label\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},BENIGN\n")));
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, TrainerCli.Build().Parse(["train", "--data", path, "--steps", "1", "-o", Path.Combine(_folder, "y.safetensors")]).Invoke());
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("two classes", error.ToString(), StringComparison.Ordinal);
    }
}
