using System.Collections.Concurrent;
using System.Globalization;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Tests.TestSupport;

namespace EdgeLstm.Features.Tests.Flows;

public sealed class FlowLogFollowerTests : IDisposable
{
    private const string Header =
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2026-01-01-10-00-00\n" +
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n" +
        "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("edgelstm-follow-").FullName;
    private readonly CancellationTokenSource _cancel = new(TimeSpan.FromMinutes(1));

    public void Dispose()
    {
        _cancel.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static string Line(string uid, int second, string origin = "10.0.0.5", int port = 23) =>
        $"{1_767_261_600 + second}.250000\t{uid}\t{origin}\t40000\t10.0.0.9\t{port.ToString(CultureInfo.InvariantCulture)}\ttcp\t-\t0.5\t0\t0\tS0\tT\tT\t0\tS\t1\t60\t0\t0\t-\n";

    [Fact]
    public async Task FollowAsync_Default_SkipsTheBacklogAndYieldsAppendedRecords()
    {
        string path = Write("conn.log", Header + Line("Cbacklog", 0));
        var follower = new FlowLogFollower(path, new FlowFollowOptions { PollInterval = TimeSpan.FromMilliseconds(10) });
        var received = new ConcurrentQueue<FlowRecord>();
        Task follow = Collect(follower, received);

        // Lines appended while the follower still catches up count as backlog too, so keep appending until one arrives.
        for (int i = 1; received.IsEmpty && i < 2000; i++)
        {
            await AppendAsync(path, Line("Cnew" + i.ToString(CultureInfo.InvariantCulture), i));
            await Task.Delay(10);
        }

        await _cancel.CancelAsync();
        await follow;

        Assert.NotEmpty(received);
        Assert.DoesNotContain(received, r => r.Uid == "Cbacklog");
        Assert.All(received, r => Assert.StartsWith("Cnew", r.Uid, StringComparison.Ordinal));
        Assert.Equal(0, follower.MalformedLines);
    }

    [Fact]
    public async Task FollowAsync_FileRotatedLikeZeek_ReadsTheOldFileToItsEndThenTheNewOneFromItsStart()
    {
        string path = Write("conn.log", Header + Line("C1", 1));
        var opened = new ConcurrentQueue<bool>();
        var missing = new ConcurrentQueue<string>();
        var follower = new FlowLogFollower(path, new FlowFollowOptions
        {
            FromStart = true,
            PollInterval = TimeSpan.FromMilliseconds(10),
            Opened = (_, rotated) => opened.Enqueue(rotated),
            Missing = missing.Enqueue,
        });
        var received = new ConcurrentQueue<FlowRecord>();
        Task follow = Collect(follower, received);
        Assert.True(await WaitFor(() => received.Count == 1), "the first record never arrived");

        // Zeek writes its last records and #close, renames the file, then opens a new conn.log with a fresh header.
        await AppendAsync(path, Line("C2", 2) + "#close\t2026-01-01-11-00-00\n");
        File.Move(path, Path.Combine(_directory, "conn.2026-01-01-10-00-00.log"));
        await Task.Delay(50);
        Write("conn.log", Header + Line("C3", 3, origin: "10.0.0.6"));
        Assert.True(await WaitFor(() => received.Count == 3), $"{received.Count} records arrived");
        await AppendAsync(path, Line("C4", 4));
        Assert.True(await WaitFor(() => received.Count == 4), $"{received.Count} records arrived");
        await _cancel.CancelAsync();
        await follow;

        Assert.Equal(["C1", "C2", "C3", "C4"], received.Select(r => r.Uid));
        Assert.Equal(HostAddress.Parse("10.0.0.6"), received.ElementAt(2).OriginHost);
        Assert.Equal(1, follower.Reopened);
        Assert.Equal([false, true], opened);
        Assert.Empty(missing); // the gap between rename and new file is not worth a warning
    }

    [Fact]
    public async Task FollowAsync_MalformedLine_IsCountedAndReportedWithFileAndLineAndFollowingGoesOn()
    {
        string path = Write("conn.log", Header);
        var problems = new ConcurrentQueue<FlowLogFormatException>();
        var follower = new FlowLogFollower(path, new FlowFollowOptions { FromStart = true, PollInterval = TimeSpan.FromMilliseconds(10), MalformedLine = problems.Enqueue });
        var received = new ConcurrentQueue<FlowRecord>();
        Task follow = Collect(follower, received);

        await AppendAsync(path, Line("C1", 1) + "yesterday\tCbad\t10.0.0.5\n" + Line("C2", 2));
        Assert.True(await WaitFor(() => received.Count == 2), $"{received.Count} records arrived");
        await _cancel.CancelAsync();
        await follow;

        int headerLines = Header.Count(c => c == '\n');
        FlowLogFormatException problem = Assert.Single(problems);
        Assert.Equal(1, follower.MalformedLines);
        Assert.Equal(headerLines + 2, problem.Line);
        Assert.Equal(path, problem.FilePath);
        Assert.StartsWith($"{path}:{headerLines + 2}: timestamp 'yesterday'", problem.Message, StringComparison.Ordinal);
        Assert.Equal(["C1", "C2"], received.Select(r => r.Uid));
    }

    [Fact]
    public async Task FollowAsync_FileCreatedAfterStart_WaitsForItAndReadsItWhole()
    {
        string path = Path.Combine(_directory, "later", "conn.log");
        var missing = new ConcurrentQueue<string>();
        var follower = new FlowLogFollower(path, new FlowFollowOptions { PollInterval = TimeSpan.FromMilliseconds(10), Missing = missing.Enqueue });
        var received = new ConcurrentQueue<FlowRecord>();
        Task follow = Collect(follower, received);

        // Create the file only once the follower has seen it absent: a file present at its start would be backlog.
        Assert.True(await WaitFor(() => !missing.IsEmpty), "the follower never reported the log missing");
        await Task.Delay(50);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Header + Line("C1", 1));
        bool arrived = await WaitFor(() => received.Count == 1);
        await _cancel.CancelAsync();
        await follow;

        // The file did not exist at start, so everything in it is new: nothing is passed over as backlog.
        Assert.True(arrived, "the record of a file created after the start never arrived");
        Assert.Equal("C1", received.Single().Uid);
        Assert.Equal([path], missing);
    }

    [Fact]
    public async Task FollowAsync_TruncatedInPlace_ReadsFromTheNewStart()
    {
        string path = Write("conn.log", Header + Line("C1", 1) + Line("C2", 2));
        var follower = new FlowLogFollower(path, new FlowFollowOptions { FromStart = true, PollInterval = TimeSpan.FromMilliseconds(10) });
        var received = new ConcurrentQueue<FlowRecord>();
        Task follow = Collect(follower, received);
        Assert.True(await WaitFor(() => received.Count == 2), "the first records never arrived");

        await using (var stream = new FileStream(path, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite))
        await using (var writer = new StreamWriter(stream))
        {
            await writer.WriteAsync(Header[..Header.IndexOf("#types", StringComparison.Ordinal)] + Line("C3", 3));
        }

        Assert.True(await WaitFor(() => received.Count == 3), $"{received.Count} records arrived");
        await _cancel.CancelAsync();
        await follow;

        Assert.Equal("C3", received.Last().Uid);
        Assert.Equal(1, follower.Reopened);
    }

    private Task Collect(FlowLogFollower follower, ConcurrentQueue<FlowRecord> received) => Task.Run(async () =>
    {
        await foreach (FlowRecord record in follower.FollowAsync(_cancel.Token))
        {
            received.Enqueue(record);
        }
    });

    private static async Task<bool> WaitFor(Func<bool> condition)
    {
        for (int i = 0; i < 3000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        return condition();
    }

    private string Write(string name, string content) => LogFiles.Write(_directory, name, content);

    private static Task AppendAsync(string path, string text) => LogFiles.AppendAsync(path, text);
}
