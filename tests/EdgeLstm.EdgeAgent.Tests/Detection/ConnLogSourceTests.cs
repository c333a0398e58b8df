using System.Collections.Concurrent;
using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class ConnLogSourceTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FakeLogCollector _logs = new();
    private readonly CancellationTokenSource _cancel = new(TimeSpan.FromMinutes(1));
    private readonly Channel<FeatureRow> _rows = Channel.CreateUnbounded<FeatureRow>();
    private readonly ConcurrentQueue<FeatureRow> _received = new();
    private readonly AgentCounters _counters = new();

    public void Dispose()
    {
        _cancel.Dispose();
        _temp.Dispose();
    }

    private static int Index(string name) => FlowFeatures.Schema.FeatureNames.ToList().IndexOf(name);

    [Fact]
    public async Task RunAsync_LinesAppendedWhileFollowing_BecomeFlowRowsOfTheOriginatingHost()
    {
        string log = WriteLog(ConnLogLines.Header);
        (ConnLogSource source, Task run) = Start(log);

        await ConnLogLines.AppendAsync(log, ConnLogLines.Probe("192.168.1.66", 1, 23) + ConnLogLines.Web("192.168.1.10", 2));
        bool arrived = await Eventually.TrueAsync(() => Drain() == 2);
        await StopAsync(run);

        Assert.True(arrived, $"{_received.Count} rows arrived");
        FeatureRow probe = _received.First();
        FeatureRow web = _received.Last();
        Assert.Equal(HostAddress.Parse("192.168.1.66"), probe.Entity);
        Assert.Equal(((ConnLogLines.StartSeconds + 1) * 1_000_000_000L) + 1000, probe.WindowStartNanoseconds);
        Assert.Equal(FlowFeatures.Count, probe.Features.Length);
        Assert.Equal(1f, probe.Features[Index("state_rej")]);
        Assert.Equal(1f, probe.Features[Index("resp_port_system")]);
        Assert.Equal(0f, probe.Features[Index("has_service")]);
        Assert.Equal(HostAddress.Parse("192.168.1.10"), web.Entity);
        Assert.Equal(1f, web.Features[Index("state_sf")]);
        Assert.Equal(1200f, web.Features[Index("orig_bytes")]);
        Assert.Equal(1.25f, web.Features[Index("duration")]);
        Assert.Equal(2, source.RecordsRead);
    }

    [Fact]
    public async Task RunAsync_MalformedLine_IsCountedAndLoggedWithFileAndLineAndTheNextLineStillArrives()
    {
        string log = WriteLog(ConnLogLines.Header);
        (ConnLogSource source, Task run) = Start(log);

        await ConnLogLines.AppendAsync(log, "not a connection\t10.0.0.1\n" + ConnLogLines.Probe("192.168.1.66", 1, 23));
        bool arrived = await Eventually.TrueAsync(() => Drain() == 1);
        await StopAsync(run);

        int badLine = ConnLogLines.Header.Count(c => c == '\n') + 1;
        Assert.True(arrived, "the good line after the malformed one never arrived");
        Assert.Equal(1, source.MalformedLines);
        Assert.Equal(1, _counters.Malformed);
        FakeLogRecord warning = Assert.Single(_logs.GetSnapshot(), e => e.Id.Id == 3020);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"{log}:{badLine}: timestamp 'not a connection'", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConnLogRotated_RowsOfTheNewFileArriveAndTheReopeningIsLogged()
    {
        string log = WriteLog(ConnLogLines.Header + ConnLogLines.Probe("192.168.1.66", 1, 23));
        (_, Task run) = Start(log);
        Assert.True(await Eventually.TrueAsync(() => Drain() == 1), "the first row never arrived");

        File.Move(log, _temp.Combine("conn.2026-01-01-10-00-00.log"));
        WriteLog(ConnLogLines.Header + ConnLogLines.Probe("192.168.1.67", 2, 25));
        bool arrived = await Eventually.TrueAsync(() => Drain() == 2);
        await StopAsync(run);

        Assert.True(arrived, "the row of the new conn.log never arrived");
        Assert.Equal(HostAddress.Parse("192.168.1.67"), _received.Last().Entity);
        Assert.Equal(2, _logs.GetSnapshot().Count(e => e.Id.Id == 3021));
        Assert.Contains(_logs.GetSnapshot(), e => e.Id.Id == 3021 && e.Message.Contains("rotation: True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ConnLogAbsent_WarnsOnceNamingThePathAndReadsTheFileWhenItAppears()
    {
        string log = _temp.Combine("conn.log");
        (_, Task run) = Start(log);
        Assert.True(await Eventually.TrueAsync(() => _logs.GetSnapshot().Any(e => e.Id.Id == 3022)), "no warning about the missing log");

        WriteLog(ConnLogLines.Header + ConnLogLines.Probe("192.168.1.66", 1, 23));
        bool arrived = await Eventually.TrueAsync(() => Drain() == 1);
        await StopAsync(run);

        Assert.True(arrived, "the row of the log written later never arrived");
        FakeLogRecord warning = Assert.Single(_logs.GetSnapshot(), e => e.Id.Id == 3022);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains(log, warning.Message, StringComparison.Ordinal);
        Assert.Contains("Detection:ConnLog", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConnectionsLoggedInEndOrder_RowsLeaveInStartOrder()
    {
        string log = WriteLog(ConnLogLines.Header);
        (ConnLogSource source, Task run) = Start(log, reorderSeconds: 5);

        // Zeek's order: connections written as they end. The one at second 20 is five seconds after the 15, so it
        // releases everything up to 15; the 20 itself waits until the log has been quiet for five seconds.
        await ConnLogLines.AppendAsync(log, Line(3) + Line(1) + Line(2) + Line(15) + Line(20));
        Assert.True(await Eventually.TrueAsync(() => Drain() >= 4), $"{_received.Count} rows arrived");
        bool flushed = await Eventually.TrueAsync(() => Drain() == 5);
        await StopAsync(run);

        Assert.True(flushed, "the last row never left the reorder buffer when the log went quiet");
        long[] seconds = [.. _received.Select(r => (r.WindowStartNanoseconds / 1_000_000_000) - ConnLogLines.StartSeconds)];
        Assert.Equal([1L, 2, 3, 15, 20], seconds);
        Assert.Equal(0, source.LateRecords);

        static string Line(int second) => ConnLogLines.Probe("192.168.1.66", second, 20 + second);
    }

    private string WriteLog(string content)
    {
        string path = _temp.Combine("conn.log");
        File.WriteAllText(path, content);
        return path;
    }

    // Without reordering unless a test asks for it: rows then arrive as soon as their lines are read.
    private (ConnLogSource Source, Task Run) Start(string log, double reorderSeconds = 0)
    {
        var options = new DetectionOptions { Source = DetectionSourceKind.Zeek, ConnLog = log, ConnLogFromStart = true, ConnLogReorderSeconds = reorderSeconds };
        var source = new ConnLogSource(options, new FakeLogger(_logs, "test"), _counters, TimeSpan.FromMilliseconds(10));
        return (source, Task.Run(() => source.RunAsync(_rows.Writer, _cancel.Token)));
    }

    private int Drain()
    {
        while (_rows.Reader.TryRead(out FeatureRow? row))
        {
            _received.Enqueue(row);
        }

        return _received.Count;
    }

    private async Task StopAsync(Task run)
    {
        await _cancel.CancelAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(_rows.Reader.Completion.IsCompleted, "the source did not complete its writer");
    }
}
