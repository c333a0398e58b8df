using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer.Tests.Commands;

[Collection(ConsoleCapture.Collection)]
public sealed class FeaturesCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgelstm-features-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Returns the path of a file of the committed traffic-lab sample.</summary>
    internal static string Sample(string name)
    {
        // The traffic-lab sample is committed under samples/; walk up from the test binaries to the repository root.
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "EdgeLstm.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return Path.Combine(directory ?? throw new InvalidOperationException("EdgeLstm.sln not found above the test binaries"), "samples", "traffic-lab", name);
    }

    [Fact]
    public void Features_LabSampleWithTimeRanges_WritesLabelledRowsThatTrainAndEvalRead()
    {
        string csv = Path.Combine(_folder, "lab.csv");
        string model = Path.Combine(_folder, "lab.safetensors");

        int exit = TrainerCli.Build().Parse(["features", "--capture", Sample("lab.pcap"), "--attack-times", Sample("labels.csv"), "-o", csv]).Invoke();

        Assert.Equal(0, exit);
        string[] lines = File.ReadAllLines(csv);
        Assert.Equal("#edgelstm-schema name=edgelstm.host-window version=1 window_seconds=1 features=48", lines[0]);
        Assert.StartsWith("entity,window_start,pkts_out,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",label", lines[1], StringComparison.Ordinal);
        Assert.True(lines.Length > 100, $"only {lines.Length} lines");
        Assert.All(lines.Where(l => l.Contains(",attack", StringComparison.Ordinal)), l => Assert.StartsWith("10.77.0.66,", l, StringComparison.Ordinal));
        Assert.InRange(lines.Count(l => l.EndsWith(",attack", StringComparison.Ordinal)), 5, 60);
        Assert.Equal(0, TrainerCli.Build().Parse(["train", "--data", csv, "--format", "features", "--unsupervised", "--steps", "3", "--epochs", "2", "--hidden", "8", "-o", model]).Invoke());
        Assert.Equal(0, TrainerCli.Build().Parse(["eval", "--model", model, "--data", csv, "--format", "features"]).Invoke());
    }

    [Fact]
    public void Features_AttackersFile_LabelsOnlyThoseHosts()
    {
        string csv = Path.Combine(_folder, "by-address.csv");

        int exit = TrainerCli.Build().Parse(["features", "--capture", Sample("lab.pcap"), "--attackers", Sample("attackers.txt"), "-o", csv]).Invoke();

        Assert.Equal(0, exit);
        string[] rows = File.ReadAllLines(csv)[2..];
        Assert.All(rows, row => Assert.Equal(row.StartsWith("10.77.0.66,", StringComparison.Ordinal), row.EndsWith(",attack", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("truncated.pcap")]
    [InlineData("corrupt.pcap.gz")]
    public void Features_TruncatedOrCorruptCapture_ExitsTwoWithOneLineAndLeavesNoCsv(string name)
    {
        byte[] capture = File.ReadAllBytes(Sample("lab.pcap"));
        string path = Path.Combine(_folder, name);
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            using (var file = File.Create(path))
            using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
            {
                gzip.Write(capture);
            }

            byte[] zipped = File.ReadAllBytes(path);
            for (int i = 40; i < zipped.Length; i += 97)
            {
                zipped[i] ^= 0x5a;
            }

            File.WriteAllBytes(path, zipped);
        }
        else
        {
            File.WriteAllBytes(path, capture[..(capture.Length / 2)]);
        }

        string csv = Path.Combine(_folder, "out.csv");

        (int exit, _, string error) = ConsoleCapture.Run("features", "--capture", path, "-o", csv);

        Assert.Equal(2, exit);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {path}: ", line, StringComparison.Ordinal);
        Assert.Contains(" at byte offset ", line, StringComparison.Ordinal);
        Assert.False(File.Exists(csv));
        Assert.Empty(Directory.GetFiles(_folder, "*.tmp"));
    }

    [Fact]
    public void Features_NoLabellingRule_SaysTheFileHasNoLabelColumn()
    {
        string csv = Path.Combine(_folder, "unlabelled.csv");

        (int exit, string output, _) = ConsoleCapture.Run("features", "--capture", Sample("lab.pcap"), "-o", csv);

        Assert.Equal(0, exit);
        Assert.DoesNotContain(",label", File.ReadLines(csv).First(), StringComparison.Ordinal);
        Assert.Contains("(no label column: no labelling rule)", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_BadAttackersFile_ExitsTwo()
    {
        string bad = Path.Combine(_folder, "attackers.txt");
        File.WriteAllText(bad, "10.0.0.1\nnot-an-address\n");
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, TrainerCli.Build().Parse(["features", "--capture", Sample("lab.pcap"), "--attackers", bad, "-o", Path.Combine(_folder, "x.csv")]).Invoke());
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("attackers.txt:2", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4096")]
    [InlineData("2")]
    public void Features_PacketEntities_CreditsEveryPacketToTheWindowsThatCountIt(string maxHosts)
    {
        string csv = Path.Combine(_folder, "lab.csv");
        string packets = Path.Combine(_folder, "packets.csv");

        int exit = TrainerCli.Build().Parse(["features", "--capture", Sample("lab.pcap"), "--max-hosts", maxHosts, "-o", csv, "--packet-entities", packets]).Invoke();

        Assert.Equal(0, exit);
        string[] lines = File.ReadAllLines(packets);
        Assert.Equal("time_ns,source_entity,destination_entity", lines[0]);
        Assert.Equal(14_759, lines.Length - 1);
        var sent = new Dictionary<(string, long), int>();
        var received = new Dictionary<(string, long), int>();
        long previous = long.MinValue;
        foreach (string line in lines.Skip(1))
        {
            string[] fields = line.Split(',');
            long time = long.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(time >= previous, "rows follow the input order of an ordered capture");
            previous = time;
            long second = time / 1_000_000_000;
            Count(sent, fields[1], second);
            Count(received, fields[2], second);
        }

        // Every packet end credited to an entity is counted in that entity's window, and no other packet is.
        string[] header = File.ReadLines(csv).Skip(1).First().Split(',');
        int packetsOut = Array.IndexOf(header, "pkts_out"), packetsIn = Array.IndexOf(header, "pkts_in");
        var rows = File.ReadLines(csv).Skip(2).Select(l => l.Split(',')).ToList();
        Assert.Equal(sent.Keys.Concat(received.Keys).Distinct().Count(), rows.Count);
        foreach (string[] row in rows)
        {
            (string, long) key = (row[0], (long)double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(sent.GetValueOrDefault(key), int.Parse(row[packetsOut], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(received.GetValueOrDefault(key), int.Parse(row[packetsIn], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(maxHosts == "2", rows.Any(r => r[0].StartsWith("untracked->", StringComparison.Ordinal)));
    }

    [Fact]
    public void Features_Ignore_LeavesTheNetworkOutOfTheRows()
    {
        string csv = Path.Combine(_folder, "ignored.csv");

        int exit = TrainerCli.Build().Parse(["features", "--capture", Sample("lab.pcap"), "--ignore", "10.77.0.66/32,10.77.0.1", "-o", csv]).Invoke();

        Assert.Equal(0, exit);
        string[] entities = File.ReadLines(csv).Skip(1).Select(l => l[..l.IndexOf(',', StringComparison.Ordinal)]).Distinct().ToArray();
        Assert.NotEmpty(entities);
        Assert.DoesNotContain("10.77.0.66", entities);
        Assert.DoesNotContain("10.77.0.1", entities);
    }

    [Fact]
    public void Features_BadIgnoreEntry_ExitsTwoNamingIt()
    {
        var error = new StringWriter();
        TextWriter original = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, TrainerCli.Build().Parse(["features", "--capture", Sample("lab.pcap"), "--ignore", "10.0.0.0/8,gateway", "-o", Path.Combine(_folder, "x.csv")]).Invoke());
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Contains("'gateway'", error.ToString(), StringComparison.Ordinal);
    }

    private static void Count(Dictionary<(string, long), int> counts, string entity, long second)
    {
        if (entity.Length > 0)
        {
            counts[(entity, second)] = counts.GetValueOrDefault((entity, second)) + 1;
        }
    }
}
