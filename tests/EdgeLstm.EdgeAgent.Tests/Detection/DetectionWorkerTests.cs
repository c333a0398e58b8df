using System.Collections.Concurrent;
using System.Globalization;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Model.Serialization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class DetectionWorkerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgelstm-detect-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes a next-step model on the agent's schema; an untrained model with threshold 0 scores every window anomalous.</summary>
    private string WriteModel(double threshold, string schemaName = HostWindowFeatures.SchemaName)
    {
        FeatureSchema schema = new WindowFeatureExtractor(new WindowFeatureOptions()).Schema;
        int m = schema.FeatureCount;
        var config = new ModelConfig
        {
            Cell = CellKind.Lite,
            InputSize = m,
            HiddenSize = 4,
            Head = HeadKind.NextStep,
            OutputSize = m,
            SequenceLength = 2,
            Threshold = threshold,
            Features = new FeatureNormalization
            {
                Schema = schemaName,
                Version = schema.Version,
                Names = schema.FeatureNames,
                Transforms = Enumerable.Repeat("log1p", m).ToArray(),
                Means = new double[m],
                StandardDeviations = Enumerable.Repeat(1.0, m).ToArray(),
                WindowSeconds = 1,
            },
        };
        string path = Path.Combine(_folder, "model.safetensors");
        ModelFile.Save(SequenceModel.Create<float>(config, seed: 1), path);
        return path;
    }

    private static (DetectionWorker Worker, RecordingSink Sink, AgentCounters Counters, StoppingLifetime Lifetime) Create(
        string modelPath, int cooldownSeconds = 3600, string? captureFile = null, int maxEntities = 4096) =>
        Create(new DetectionOptions
        {
            ModelPath = modelPath,
            Source = DetectionSourceKind.Replay,
            CaptureFile = captureFile ?? SampleFiles.TrafficLab("lab.pcap"),
            CooldownSeconds = cooldownSeconds,
            MaxEntities = maxEntities,
        });

    private static (DetectionWorker Worker, RecordingSink Sink, AgentCounters Counters, StoppingLifetime Lifetime) Create(DetectionOptions detection)
    {
        var options = Options.Create(detection);
        var sink = new RecordingSink();
        var counters = new AgentCounters();
        var lifetime = new StoppingLifetime();
        var status = new AgentStatus(Options.Create(new AgentOptions { DeviceId = "test" }), TimeProvider.System);
        var worker = new DetectionWorker(options, sink, new EmptyOutbox(), counters, status, TimeProvider.System, lifetime, NullLogger<DetectionWorker>.Instance);
        return (worker, sink, counters, lifetime);
    }

    [Fact]
    public async Task Replay_ThresholdZero_OneAlertPerHostWithinCooldownAndContractFields()
    {
        string model = WriteModel(threshold: 0);
        string id = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(model)))[..16];
        (DetectionWorker worker, RecordingSink sink, AgentCounters counters, _) = Create(model);

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(counters.Packets > 14_000, $"{counters.Packets} packets");
        Assert.True(counters.Windows > 200, $"{counters.Windows} windows");
        Assert.Contains(sink.Alerts, a => a.Entity == "10.77.0.66");
        Assert.Equal(sink.Alerts.Count, sink.Alerts.Select(a => a.Entity).Distinct().Count());
        Assert.All(sink.Alerts, a =>
        {
            Assert.Equal(7, a.Id.Version);
            Assert.Equal(3, a.TopFeatures.Count);
            Assert.Equal(id, a.ModelId);
            Assert.True(a.Window.End > a.Window.Start);
        });
    }

    [Fact]
    public async Task Replay_QuantizedModel_ScoresOnTheIntegerKernelAndAlerts()
    {
        string path = TestModels.WriteQuantized(Path.Combine(_folder, "model.safetensors"), threshold: 0);
        (DetectionWorker worker, RecordingSink sink, AgentCounters counters, _) = Create(path);

        var state = new ScoringState(ModelFile.Load(path), null, new DetectionOptions(), SequenceTiming.Windows(1));
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.StartsWith("integer", state.Arithmetic, StringComparison.Ordinal);
        Assert.True(counters.Windows > 200, $"{counters.Windows} windows");
        Assert.Contains(sink.Alerts, a => a.Entity == "10.77.0.66");
    }

    [Fact]
    public async Task Replay_QuantizedGruModel_ScoresOnTheIntegerKernelAndAlerts()
    {
        string path = TestModels.WriteQuantized(Path.Combine(_folder, "model.safetensors"), threshold: 0, cell: CellKind.Gru);
        (DetectionWorker worker, RecordingSink sink, AgentCounters counters, _) = Create(path);

        SequenceModel<float> model = ModelFile.Load(path);
        var state = new ScoringState(model, null, new DetectionOptions(), SequenceTiming.Windows(1));
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(CellKind.Gru, model.Config.Cell);
        Assert.StartsWith("integer", state.Arithmetic, StringComparison.Ordinal);
        Assert.True(counters.Windows > 200, $"{counters.Windows} windows");
        Assert.Contains(sink.Alerts, a => a.Entity == "10.77.0.66");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Replay_SameCaptureAsTrainerEvalScores_ScoresEveryWindowAsEvalDoes(bool quantized)
    {
        const int Steps = 4;
        string capture = SampleFiles.TrafficLab("lab.pcap");
        string model = quantized
            ? TestModels.WriteQuantized(Path.Combine(_folder, "model.safetensors"), threshold: 0, Steps)
            : TestModels.Write(Path.Combine(_folder, "model.safetensors"), threshold: 0, Steps);
        string attackers = Path.Combine(_folder, "attackers.txt");
        File.WriteAllText(attackers, "10.77.0.66\n");
        string features = Path.Combine(_folder, "features.csv");
        string scores = Path.Combine(_folder, "scores.csv");
        await TrainerCli.RunAsync("features", "--capture", capture, "--attackers", attackers, "-o", features);
        await TrainerCli.RunAsync("eval", "--model", model, "--data", features, "--format", "features", "--scores", scores, "--report", Path.Combine(_folder, "eval"));

        // Threshold 0 and no cooldown: every window the agent counts anomalous (all but the warm-up's) becomes an alert
        // carrying its score, so the alerts are exactly the rows eval marks anomalous, with the same scores.
        (DetectionWorker worker, RecordingSink sink, AgentCounters counters, _) = Create(new DetectionOptions
        {
            ModelPath = model,
            Source = DetectionSourceKind.Replay,
            CaptureFile = capture,
            CooldownSeconds = 0,
        });
        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        Dictionary<(string, string), double> agent = sink.Alerts.ToDictionary(
            a => (a.Entity, a.Window.End.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)), a => a.Score);
        string[][] evaluated = [.. File.ReadLines(scores).Skip(1).Select(line => line.Split(','))];
        string[][] anomalous = [.. evaluated.Where(fields => fields[5] == "1")];
        Assert.Equal(counters.Windows, evaluated.Length);
        Assert.InRange(anomalous.Length, evaluated.Length / 2, evaluated.Length - 1);
        Assert.Equal(anomalous.Length, agent.Count);
        Assert.All(anomalous, fields =>
        {
            var key = (fields[0], ((long)Math.Round(double.Parse(fields[2], CultureInfo.InvariantCulture) * 1000)).ToString(CultureInfo.InvariantCulture));
            Assert.True(agent.TryGetValue(key, out double score), $"the agent raised no alert for {fields[0]} in the window ending at {fields[2]}");
            Assert.Equal(Math.Round((double)float.Parse(fields[3], CultureInfo.InvariantCulture), 6), score);
        });
    }

    [Fact]
    public async Task Replay_FloodOf100000SpoofedSources_HostHistoryStaysWithinMaxEntitiesAndCountsEvictions()
    {
        const int Sources = 100_000;
        const int MaxEntities = 1000;
        string capture = Path.Combine(_folder, "flood.pcap");
        FloodCapture.Write(capture, Sources, perSecond: 2000);
        (DetectionWorker worker, _, AgentCounters counters, _) = Create(WriteModel(threshold: 1e30), captureFile: capture, maxEntities: MaxEntities);

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Sources, counters.Packets);
        Assert.True(counters.Windows >= Sources, $"{counters.Windows} host windows");
        Assert.Equal(MaxEntities, worker.PeakHostsTracked);
        Assert.True(worker.HostsEvicted >= Sources - MaxEntities, $"{worker.HostsEvicted} evictions");
    }

    [Fact]
    public async Task Replay_MalformedPackets_AreCountedForTheMetricsAndTheRestScored()
    {
        string capture = Path.Combine(_folder, "malformed.pcap");
        FloodCapture.Write(capture, packets: 1000, perSecond: 100, malformedEvery: 10);
        (DetectionWorker worker, _, AgentCounters counters, _) = Create(WriteModel(threshold: 1e30), captureFile: capture);

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(1000, counters.Packets);
        Assert.Equal(100, counters.Malformed);
        // A host window for each well-formed packet's new source, and one a second (10 s of traffic) for the victim.
        Assert.Equal(900 + 10, counters.Windows);
        Assert.Equal(0, counters.CaptureDrops);
    }

    [Fact]
    public async Task Replay_ThresholdAboveEveryScore_RaisesNothing()
    {
        (DetectionWorker worker, RecordingSink sink, AgentCounters counters, _) = Create(WriteModel(threshold: 1e30));

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(counters.Windows > 200);
        Assert.Empty(sink.Alerts);
    }

    [Fact]
    public async Task Replay_ModelTrainedOnFiveSecondWindows_ScoresTheFiveSecondRowsTheTrainerSaw()
    {
        // The real trainer, as a process: features on 5 s windows, then train; the worker builds its source from the model.
        string features = Path.Combine(_folder, "lab5.csv");
        string model = Path.Combine(_folder, "lab5.safetensors");
        await TrainerCli.RunAsync("features", "--capture", SampleFiles.TrafficLab("lab.pcap"), "--window", "5", "-o", features);
        await TrainerCli.RunAsync("train", "--data", features, "--format", "features", "--unsupervised", "--steps", "3", "--epochs", "2", "--hidden", "8", "--threads", "1", "-o", model);
        int rows = File.ReadAllLines(features).Length - 2;
        (DetectionWorker worker, _, AgentCounters counters, StoppingLifetime lifetime) = Create(model);

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.False(lifetime.StopRequested);
        Assert.InRange(rows, 50, 100);
        Assert.Equal(rows, counters.Windows);
    }

    [Fact]
    public async Task Start_ModelOfAnotherSchema_StopsTheServiceNamingTheSchemas()
    {
        await AssertStopsTheServiceAsync(Create(WriteModel(threshold: 0, schemaName: "nsl-kdd")));
    }

    [Fact]
    public void Load_ModelOfAnotherSchema_ThrowsNamingBoth()
    {
        FeatureSchema schema = new WindowFeatureExtractor(new WindowFeatureOptions()).Schema;

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ModelBinding.Load(WriteModel(0, "nsl-kdd"), schema));

        Assert.Contains("nsl-kdd v1", error.Message, StringComparison.Ordinal);
        Assert.Contains(HostWindowFeatures.SchemaName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zeek_ScanningHostInConnLog_AlertsForTheOriginWithFlowFeaturesAndTheConnectionsSpan()
    {
        const int Steps = 3;
        const string Scanner = "192.168.1.66";
        string log = Path.Combine(_folder, "conn.log");
        File.WriteAllText(log, ConnLogLines.Header);
        string model = TestModels.WriteFlow(Path.Combine(_folder, "flow.safetensors"), threshold: 0, steps: Steps);
        (DetectionWorker worker, RecordingSink sink, AgentCounters counters, _) = Create(new DetectionOptions
        {
            ModelPath = model,
            Source = DetectionSourceKind.Zeek,
            ConnLog = log,
            ConnLogFromStart = true,
            CooldownSeconds = 3600,
        });
        using var stop = new CancellationTokenSource();

        await worker.StartAsync(stop.Token);
        await ConnLogLines.AppendAsync(log, ConnLogLines.Web("192.168.1.10", 0) + ConnLogLines.Probe(Scanner, 1, 21) + ConnLogLines.Probe(Scanner, 2, 22)
            + ConnLogLines.Web("192.168.1.10", 3) + ConnLogLines.Probe(Scanner, 4, 23) + ConnLogLines.Probe(Scanner, 5, 25));
        bool alerted = await Eventually.TrueAsync(() => counters.Windows == 6 && sink.Alerts.Count > 1);
        await worker.StopAsync(CancellationToken.None);

        // Threshold 0 alerts every host on its first flow (its history before it is silence); the cooldown holds the rest.
        Assert.True(alerted, $"{counters.Windows} flows scored, {sink.Alerts.Count} alerts");
        Assert.Equal(["192.168.1.10", Scanner], sink.Alerts.Select(a => a.Entity).Order(StringComparer.Ordinal));
        Alert alert = Assert.Single(sink.Alerts, a => a.Entity == Scanner);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(ConnLogLines.StartSeconds + 1).AddTicks(10), alert.Window.Start);
        Assert.Equal(alert.Window.Start, alert.Window.End);
        Assert.Equal(1, alert.Window.Windows);
        Assert.Equal(3, alert.TopFeatures.Count);
        Assert.All(alert.TopFeatures, f => Assert.Contains(f.Name, FlowFeatures.Schema.FeatureNames));
    }

    [Fact]
    public void Load_FlowModelForWindowSource_ThrowsNamingBothSchemasAndTheZeekSource()
    {
        string flowModel = TestModels.WriteFlow(Path.Combine(_folder, "flow.safetensors"), threshold: 0);
        FeatureSchema windows = new WindowFeatureExtractor(new WindowFeatureOptions()).Schema;

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ModelBinding.Load(flowModel, windows));

        Assert.Contains($"the model reads {FlowFeatures.SchemaName} v{FlowFeatures.SchemaVersion}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"computes {HostWindowFeatures.SchemaName} v{windows.Version}", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs Detection:Source 'zeek'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WindowModelForZeekSource_StopsTheServiceNamingTheSourcesTheModelNeeds()
    {
        string log = Path.Combine(_folder, "conn.log");
        File.WriteAllText(log, ConnLogLines.Header);
        await AssertStopsTheServiceAsync(Create(new DetectionOptions { ModelPath = WriteModel(threshold: 0), Source = DetectionSourceKind.Zeek, ConnLog = log }));

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ModelBinding.Load(WriteModel(threshold: 0), FlowFeatures.Schema));
        Assert.Contains("needs Detection:Source 'live' or 'replay'", error.Message, StringComparison.Ordinal);
    }

    // A model the source cannot feed stops the service with exit code 1 and raises nothing; the test process's own
    // exit code is restored.
    private static async Task AssertStopsTheServiceAsync((DetectionWorker Worker, RecordingSink Sink, AgentCounters Counters, StoppingLifetime Lifetime) created)
    {
        int exitCode = Environment.ExitCode;
        try
        {
            await created.Worker.StartAsync(CancellationToken.None);
            await created.Worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

            Assert.True(created.Lifetime.StopRequested);
            Assert.Equal(1, Environment.ExitCode);
            Assert.Empty(created.Sink.Alerts);
        }
        finally
        {
            Environment.ExitCode = exitCode;
        }
    }

    [Fact]
    public async Task Replay_Alerts_ExplainTheScoreWithSharesAndObservedAndExpectedValues()
    {
        (DetectionWorker worker, RecordingSink sink, _, _) = Create(WriteModel(threshold: 0));

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        // A next-step model: shares of the score, largest first, summing to at most 1 over the three named.
        Assert.NotEmpty(sink.Alerts);
        Assert.All(sink.Alerts, a =>
        {
            double[] shares = [.. a.TopFeatures.Select(f => f.Contribution!.Value)];
            Assert.All(shares, share => Assert.InRange(share, 0, 1));
            Assert.Equal(shares.OrderDescending(), shares);
            Assert.InRange(shares.Sum(), 0, 1.0001);
            Assert.All(a.TopFeatures, f => Assert.True(f.Observed >= 0 && double.IsFinite(f.Expected) && f.Expected >= 0, $"{f.Name} {f.Observed} (expected {f.Expected})"));
        });
    }

    [Fact]
    public async Task Replay_Learning_ScoresWithoutAlertingAndReportsAndKeepsTheLearning()
    {
        string learning = Path.Combine(_folder, "learning");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var status = new AgentStatus(Options.Create(new AgentOptions { DeviceId = "test" }), time);
        var sink = new RecordingSink();
        var counters = new AgentCounters();
        var options = new DetectionOptions
        {
            ModelPath = WriteModel(threshold: 0),
            Source = DetectionSourceKind.Replay,
            CaptureFile = SampleFiles.TrafficLab("lab.pcap"),
            LearningHours = 1,
            LearningDirectory = learning,
        };
        var worker = new DetectionWorker(Options.Create(options), sink, new EmptyOutbox(), counters, status, time, new StoppingLifetime(), NullLogger<DetectionWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!.WaitAsync(TimeSpan.FromMinutes(1));

        // Threshold 0 alerts on every window, but the clock never reaches the end of learning.
        Assert.True(counters.Windows > 200, $"{counters.Windows} windows");
        Assert.Empty(sink.Alerts);
        Assert.Equal(ThresholdState.Learning, status.Threshold!.State);
        Assert.Equal(time.GetUtcNow().AddHours(1), status.Threshold.LearningEnds);
        Assert.Single(Directory.GetFiles(learning, "*.json"));
    }

    private sealed class RecordingSink : IAlertSink
    {
        private readonly ConcurrentQueue<Alert> _alerts = new();

        public IReadOnlyList<Alert> Alerts => [.. _alerts];

        public void Submit(Alert alert) => _alerts.Enqueue(alert);
    }

    private sealed class EmptyOutbox : IAlertOutbox
    {
        public int Count => 0;

        public long DroppedCount => 0;

        public void Append(OutboxEntry entry)
        {
        }

        public bool Acknowledge(Guid id) => false;

        public IReadOnlyList<OutboxEntry> GetPending() => [];
    }
}
