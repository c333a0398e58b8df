using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Model.Verification;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

/// <summary>Mutates models written by the real trainer (float and int8) thousands of times and runs every mutant through
/// <see cref="ModelFile.Read(ReadOnlySpan{byte})"/>, <see cref="ModelVerifier"/>, the agent's start
/// (<see cref="ModelReloader.LoadInitial"/>) and its hot reload (<see cref="ModelReloader.Check"/>).</summary>
/// <remarks><see cref="CountVariable"/> raises the number of mutants per model, <see cref="ReportVariable"/> appends the
/// counts to a file and <see cref="DumpVariable"/> keeps a sample of mutants in a folder (bench/model-fuzz.sh uses all three).</remarks>
public sealed class ModelReloaderFuzzTests : IClassFixture<ModelReloaderFuzzTests.TrainedModels>, IDisposable
{
    /// <summary>The environment variable of the number of mutants per model.</summary>
    public const string CountVariable = "EDGELSTM_FUZZ_MUTANTS";

    /// <summary>The environment variable of a file the counts are appended to.</summary>
    public const string ReportVariable = "EDGELSTM_FUZZ_REPORT";

    /// <summary>The environment variable of a folder a sample of the mutants is written to.</summary>
    public const string DumpVariable = "EDGELSTM_FUZZ_DUMP";

    private const int DefaultMutants = 600;
    private const int DumpedMutants = 200;
    private static readonly FeatureSchema s_schema = new WindowFeatureExtractor(new WindowFeatureOptions()).Schema;
    private readonly TrainedModels _models;
    private readonly ITestOutputHelper _output;
    private readonly FuzzFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    public ModelReloaderFuzzTests(TrainedModels models, ITestOutputHelper output)
    {
        _models = models;
        _output = output;
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("float", false, 1401)]
    [InlineData("int8", true, 1402)]
    public async Task Check_MutantsOfATrainedModel_EachSwappedInOrRefusedWithOneExceptionTypeAndTheRunningModelUntouched(string which, bool isSigned, int seed)
    {
        byte[] original = which == "int8" ? _models.Int8Model : _models.FloatModel;
        int count = int.TryParse(Environment.GetEnvironmentVariable(CountVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : DefaultMutants;

        // A fixed budget for the whole run: a mutant that hangs a reader or a scorer fails the test instead of the suite.
        FuzzCounts counts = await Task.Run(() => Run(which, original, isSigned, seed, count)).WaitAsync(TimeSpan.FromMinutes(10));

        string report = counts.Describe(which, isSigned, seed);
        _output.WriteLine(report);
        if (Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } file)
        {
            File.AppendAllText(file, report + Environment.NewLine);
        }

        Assert.Equal(count, counts.Tried);
        Assert.True(counts.Crashes.Count == 0, "crashes: " + string.Join(" | ", counts.Crashes.Take(5)));
        Assert.True(counts.SilentlyIgnored.Count == 0, "ignored: " + string.Join(" | ", counts.SilentlyIgnored.Take(5)));
        Assert.True(counts.FailedOnScoring.Count == 0, "accepted, then failed on scoring: " + string.Join(" | ", counts.FailedOnScoring.Take(5)));
        Assert.True(counts.Inconsistent.Count == 0, "reload accepted what verification refused: " + string.Join(" | ", counts.Inconsistent.Take(5)));

        // Both outcomes occur, so neither "refuse everything" nor "accept everything" passes.
        Assert.InRange(counts.Refused, 1, count - 1);
        Assert.InRange(counts.Accepted, 1, count - 1);
    }

    private FuzzCounts Run(string which, byte[] original, bool signed, int seed, int count)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        string pem = _folder.Combine($"{which}-key.pem");
        File.WriteAllText(pem, key.ExportSubjectPublicKeyInfoPem());
        using ModelSignature? signature = signed ? ModelSignature.FromPemFile(pem) : null;
        string watched = _folder.Combine($"{which}.safetensors");
        string started = _folder.Combine($"{which}-start.safetensors");
        var logger = new FakeLogger();
        var status = new AgentStatus(Options.Create(new AgentOptions { DeviceId = "fuzz" }), _time);
        Write(watched, original, key, signed, version: 0);
        using var reloader = new ModelReloader(watched, s_schema, signature, TimeSpan.Zero, status, _time, logger);
        LoadedModel running = reloader.LoadInitial();
        float[] parameters = [.. running.Model.Parameters];
        float[] probe = Sequence(running.Model.Config, new Random(1));
        float before = running.Scorer.Score(probe, 0);

        var mutator = new ModelMutator(original, seed, ModelMutator.QuantizationOf(_models.Int8Model));
        string? dump = Environment.GetEnvironmentVariable(DumpVariable);
        var counts = new FuzzCounts();
        for (int i = 0; i < count; i++)
        {
            ModelMutant mutant = mutator.Next();
            string label = $"#{i} {mutant.Kind}: {mutant.Description}";
            if (dump is { Length: > 0 } && i < DumpedMutants)
            {
                Directory.CreateDirectory(dump);
                File.WriteAllBytes(Path.Combine(dump, $"{which}-{i:D4}.safetensors"), mutant.Bytes);
            }

            long clock = Stopwatch.GetTimestamp();
            counts.Tried++;
            bool verified = ReadAndVerify(mutant.Bytes, label, counts);
            long t1 = Stopwatch.GetTimestamp();
            StartWith(started, mutant.Bytes, key, signature, label, counts);
            long t2 = Stopwatch.GetTimestamp();
            Reload(reloader, watched, mutant.Bytes, key, signed, i + 1, verified, logger, status, label, counts);
            counts.Stages[0] += Stopwatch.GetElapsedTime(clock, t1);
            counts.Stages[1] += Stopwatch.GetElapsedTime(t1, t2);
            counts.Stages[2] += Stopwatch.GetElapsedTime(t2);
            TimeSpan elapsed = Stopwatch.GetElapsedTime(clock);
            counts.Slowest = elapsed > counts.Slowest ? elapsed : counts.Slowest;
        }

        // The model that was running before all this runs as it did.
        Assert.Equal(parameters, running.Model.Parameters);
        Assert.Equal(before, running.Scorer.Score(probe, 0));
        return counts;
    }

    private static bool ReadAndVerify(byte[] bytes, string label, FuzzCounts counts)
    {
        try
        {
            _ = ModelFile.Read(bytes);
        }
        catch (ModelFormatException)
        {
        }
        catch (Exception error)
        {
            counts.Crashes.Add($"ModelFile.Read {label}: {error.GetType().Name}: {error.Message}");
        }

        try
        {
            _ = ModelVerifier.Verify(bytes, "mutant.safetensors");
            return true;
        }
        catch (ModelVerificationException error) when (!error.IsUnexpected)
        {
            return false;
        }
        catch (Exception error)
        {
            counts.Crashes.Add($"ModelVerifier.Verify {label}: {error.GetType().Name}: {error.Message}");
            return false;
        }
    }

    // The agent's start: a model it refuses stops it with the one exception type naming the file.
    private void StartWith(string path, byte[] bytes, ECDsa key, ModelSignature? signature, string label, FuzzCounts counts)
    {
        Write(path, bytes, key, signature is not null, version: 0);
        var status = new AgentStatus(Options.Create(new AgentOptions { DeviceId = "fuzz" }), _time);
        using var reloader = new ModelReloader(path, s_schema, signature, TimeSpan.Zero, status, _time, new FakeLogger());
        try
        {
            _ = reloader.LoadInitial();
        }
        catch (ModelVerificationException error) when (!error.IsUnexpected && error.Message.StartsWith(Path.GetFullPath(path), StringComparison.Ordinal))
        {
        }
        catch (Exception error)
        {
            counts.Crashes.Add($"LoadInitial {label}: {error.GetType().Name}: {error.Message}");
        }
    }

    private void Reload(
        ModelReloader reloader, string path, byte[] bytes, ECDsa key, bool signed, int version, bool verified, FakeLogger logger, AgentStatus status, string label, FuzzCounts counts)
    {
        Write(path, bytes, key, signed, version);
        logger.Collector.Clear();
        try
        {
            reloader.Check();
        }
        catch (Exception error)
        {
            counts.Crashes.Add($"Check {label}: {error.GetType().Name}: {error.Message}");
            return;
        }

        IReadOnlyList<FakeLogRecord> events = logger.Collector.GetSnapshot();
        bool swapped = reloader.TryTakeReplacement(out LoadedModel? next);
        if (events.Any(e => e.Id.Id == 3014))
        {
            counts.Crashes.Add($"Check {label}: {events.First(e => e.Id.Id == 3014).Message}");
        }
        else if (swapped && events.Any(e => e.Id.Id == 3012))
        {
            counts.Accepted++;
            if (!verified)
            {
                counts.Inconsistent.Add(label);
            }

            ScoreAsTheAgent(next!, label, counts);
        }
        else if (!swapped && events.Any(e => e.Id.Id == 3013))
        {
            counts.Accepted++;
            counts.Unchanged++;
        }
        else if (!swapped && events.Any(e => e.Id.Id == 3010) && status.ModelError is { } reason && reason.StartsWith(Path.GetFullPath(path), StringComparison.Ordinal))
        {
            counts.Refused++;
            counts.CountField(reason[(Path.GetFullPath(path).Length + 2)..]);
        }
        else
        {
            counts.SilentlyIgnored.Add($"{label} (swapped {swapped}, events {string.Join(",", events.Select(e => e.Id.Id))})");
        }
    }

    // What the scoring loop does with a swapped-in model: rows of several hosts, standardized, scored, explained, alerted.
    private void ScoreAsTheAgent(LoadedModel model, string label, FuzzCounts counts)
    {
        try
        {
            ModelConfig config = model.Model.Config;
            var state = new ScoringState(model.Model, null, new DetectionOptions { MaxEntities = 8 }, SequenceTiming.Windows(1), model.Scorer);
            var random = new Random(3);
            var raw = new float[config.InputSize];
            for (int row = 0; row < 48; row++)
            {
                for (int j = 0; j < raw.Length; j++)
                {
                    // Silence, typical counts and bursts, as a live source produces them.
                    raw[j] = random.Next(3) == 0 ? 0 : (float)Math.Exp(random.NextDouble() * 8) - 1;
                }

                raw.CopyTo(state.Standardized, 0);
                state.Normalization.Apply(state.Standardized);
                HostAddress host = HostAddress.FromIPv4([10, 0, 0, (byte)(row % 4)]);
                double score = state.Hosts.Score(host, row / 4, state.Standardized, out _, out _);
                if (!double.IsFinite(score) && state.Standardized.All(v => Math.Abs(v) <= 8))
                {
                    counts.FailedOnScoring.Add($"{label}: row {row} scores {score}");
                    return;
                }

                FeatureContribution[] top = AlertExplanation.Explain(config.Head, state.Normalization, raw, state.Standardized, state.Hosts.Scorer.Outputs);
                _ = new Alert(AlertIds.Create(_time), _time.GetUtcNow(), host.ToString(), double.IsFinite(score) ? score : float.MaxValue, state.Threshold, AlertSeverity.Low, new AlertWindow(_time.GetUtcNow(), _time.GetUtcNow().AddSeconds(1), 1, 1), model.Id, top);
            }
        }
        catch (Exception error)
        {
            counts.FailedOnScoring.Add($"{label}: {error.GetType().Name}: {error.Message}");
        }
    }

    private static float[] Sequence(ModelConfig config, Random random) =>
        [.. Enumerable.Range(0, config.SequenceLength * config.InputSize).Select(_ => (float)((random.NextDouble() * 4) - 2))];

    // A distinct modification time per version: two quick writes of one size must not look like one file.
    private static void Write(string path, byte[] bytes, ECDsa key, bool signed, int version)
    {
        File.WriteAllBytes(path, bytes);
        DateTime written = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(version);
        File.SetLastWriteTimeUtc(path, written);
        if (signed)
        {
            string signaturePath = ModelSignature.PathOf(path);
            File.WriteAllBytes(signaturePath, key.SignData(bytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
            File.SetLastWriteTimeUtc(signaturePath, written);
        }
    }

    /// <summary>Models written by the real trainer from the lab capture: a tiny next-step LSTM, in float and quantized to int8.</summary>
    public sealed class TrainedModels : IAsyncLifetime, IDisposable
    {
        private readonly TempDirectory _folder = new();

        /// <summary>Gets the float model's bytes.</summary>
        public byte[] FloatModel { get; private set; } = [];

        /// <summary>Gets the int8 model's bytes.</summary>
        public byte[] Int8Model { get; private set; } = [];

        public async Task InitializeAsync()
        {
            string features = _folder.Combine("features.csv");
            string model = _folder.Combine("float.safetensors");
            string quantized = _folder.Combine("int8.safetensors");
            await TrainerCli.RunAsync("features", "--capture", SampleFiles.TrafficLab("lab.pcap"), "--attackers", SampleFiles.TrafficLab("attackers.txt"), "-o", features);
            await TrainerCli.RunAsync("train", "--data", features, "--format", "features", "--unsupervised", "--hidden", "4", "--steps", "4", "--epochs", "2", "--threads", "1", "--name", "fuzz", "-o", model);
            await TrainerCli.RunAsync("quantize", "--model", model, "--data", features, "--format", "features", "-o", quantized);
            FloatModel = await File.ReadAllBytesAsync(model);
            Int8Model = await File.ReadAllBytesAsync(quantized);
        }

        public Task DisposeAsync()
        {
            Dispose();
            return Task.CompletedTask;
        }

        public void Dispose() => _folder.Dispose();
    }

    // Thousands of model writes: on tmpfs when the machine has one, so the disk does not set the suite's time.
    private sealed class FuzzFolder : IDisposable
    {
        private readonly string _path = Path.Combine(Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath(), "edgelstm-fuzz-" + Guid.NewGuid().ToString("N"));

        public FuzzFolder() => Directory.CreateDirectory(_path);

        public string Combine(string name) => Path.Combine(_path, name);

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }

    private sealed class FuzzCounts
    {
        private readonly SortedDictionary<string, int> _fields = new(StringComparer.Ordinal);

        public int Tried { get; set; }

        public int Refused { get; set; }

        public int Accepted { get; set; }

        public int Unchanged { get; set; }

        public TimeSpan Slowest { get; set; }

        public TimeSpan[] Stages { get; } = new TimeSpan[3];

        public List<string> Crashes { get; } = [];

        public List<string> SilentlyIgnored { get; } = [];

        public List<string> FailedOnScoring { get; } = [];

        public List<string> Inconsistent { get; } = [];

        public void CountField(string reason)
        {
            string field = reason[..Math.Max(reason.IndexOf(':', StringComparison.Ordinal), 0)];
            _fields[field] = _fields.GetValueOrDefault(field) + 1;
        }

        public string Describe(string which, bool signed, int seed)
        {
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture, $"{which} model{(signed ? " (signed)" : "")}, seed {seed}: tried {Tried}, refused {Refused}, accepted {Accepted} ({Unchanged} with unchanged content), ");
            text.Append(CultureInfo.InvariantCulture, $"crashes {Crashes.Count}, accepted-then-failed-on-scoring {FailedOnScoring.Count}, silently ignored {SilentlyIgnored.Count}, slowest mutant {Slowest.TotalMilliseconds:F0} ms; read+verify {Stages[0].TotalMilliseconds:F0} ms, start {Stages[1].TotalMilliseconds:F0} ms, reload {Stages[2].TotalMilliseconds:F0} ms");
            text.Append("; refused by field: ").AppendJoin(", ", _fields.OrderByDescending(f => f.Value).Select(f => $"{f.Key} {f.Value}"));
            return text.ToString();
        }
    }
}
