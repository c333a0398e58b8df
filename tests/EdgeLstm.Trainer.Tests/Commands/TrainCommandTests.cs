using System.Globalization;
using System.Text;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer.Tests.Commands;

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
        Assert.InRange(loaded.Config.Provenance!.Metrics["roc_auc"], 0.95, 1.0);
        Assert.Equal(64, loaded.Config.Provenance.DataHash.Length);
        Assert.True(File.Exists(Path.Combine(_folder, "out", "flows.report.md")));
        Assert.True(File.Exists(Path.Combine(_folder, "out", "flows.roc.svg")));
        Assert.True(File.Exists(Path.Combine(_folder, "out", "flows.eval.report.md")));
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
        Assert.InRange(loaded.Config.Provenance!.Metrics["roc_auc"], 0.6, 1.0);
    }

    [Fact]
    public void Train_SameSeed_SameModelBytes()
    {
        string train = WriteFlows("train.csv", 400, 4);
        string first = Path.Combine(_folder, "a.safetensors");
        string second = Path.Combine(_folder, "b.safetensors");
        string[] Args(string output) => ["train", "--data", train, "--steps", "2", "--epochs", "2", "--hidden", "4", "--threads", "2", "--seed", "9", "-o", output];

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
