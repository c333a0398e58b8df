using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Tests.TestSupport;

namespace EdgeLstm.Features.Tests.Flows;

public sealed class FlowLogReaderTests : IDisposable
{
    private const string ZeekHeader =
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n" +
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents   label   detailed-label\n" +
        "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]   string   string\n";

    private const string ZeekLine1 = "1525879831.015811\tCUmrqr4svHuSXJy5z7\t192.168.100.103\t51524\t65.127.233.163\t23\ttcp\t-\t2.999051\t0\t0\tS0\t-\t-\t0\tS\t3\t180\t0\t0\t-   Malicious   PartOfAHorizontalPortScan\n";
    private const string ZeekLine2 = "1525879832.5\tC2\tfe80::1\t5353\tff02::fb\t5353\tudp\tdns\t-\t-\t-\tS0\t-\t-\t0\tD\t1\t100\t0\t0\t-   benign   -\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("edgelstm-flows-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void ReadFile_ZeekLabeledTsv_ParsesFieldsAndIoT23Labels()
    {
        string path = Write("conn.log.labeled", ZeekHeader + ZeekLine1 + ZeekLine2);

        IReadOnlyList<FlowRecord> records = FlowLogReader.ReadFile(path);

        Assert.Equal(2, records.Count);
        FlowRecord first = records[0];
        Assert.Equal(1525879831_015811000L, first.TimestampNanoseconds);
        Assert.Equal(HostAddress.Parse("192.168.100.103"), first.OriginHost);
        Assert.Equal(23, first.ResponderPort);
        Assert.Equal("tcp", first.Protocol);
        Assert.Equal(2.999051, first.DurationSeconds);
        Assert.Equal("S0", first.ConnectionState);
        Assert.Equal(3, first.OriginPackets);
        Assert.Equal("Malicious", first.Label);
        Assert.Equal("PartOfAHorizontalPortScan", first.DetailedLabel);
        Assert.Null(records[1].DurationSeconds);
        Assert.Equal(string.Empty, records[1].DetailedLabel);
        Assert.Equal(HostAddress.Parse("ff02::fb"), records[1].ResponderHost);
    }

    [Fact]
    public void ReadAll_GenericCsvWithAliasesAndQuotes_ParsesAndCountsMalformed()
    {
        string path = Write("flows.csv",
            "timestamp,src_ip,sport,dst_ip,dport,protocol,sbytes,label\n" +
            "2024-05-01T10:00:00Z,10.0.0.1,1000,10.0.0.2,80,6,1200,\"benign, web\"\n" +
            "not-a-time,10.0.0.1,1,10.0.0.2,2,17,0,x\n" +
            "1714557600.25,10.0.0.3,53,10.0.0.1,5353,17,40,attack\n");
        var reader = new FlowLogReader(path);

        List<FlowRecord> records = [.. reader.ReadAll()];

        Assert.Equal(2, records.Count);
        Assert.Equal(1, reader.MalformedLines);
        Assert.Equal(DateTimeOffset.Parse("2024-05-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds() * 1_000_000_000, records[0].TimestampNanoseconds);
        Assert.Equal("tcp", records[0].Protocol);
        Assert.Equal(1200, records[0].OriginBytes);
        Assert.Equal("benign, web", records[0].Label);
        Assert.Equal(1714557600_250000000L, records[1].TimestampNanoseconds);
    }

    [Fact]
    public void ReadAll_HeaderWithoutAddresses_ThrowsNamingLine()
    {
        string path = Write("bad.csv", "time,bytes\n1,2\n");

        FlowLogFormatException error = Assert.Throws<FlowLogFormatException>(() => FlowLogReader.ReadFile(path));

        Assert.Equal(1, error.Line);
        Assert.Contains("OriginHost", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void ReadFile_IoT23Csv_ReadsEveryLine()
    {
        string? path = SharedDatasets.Find("iot-23/CTU-Honeypot-Capture-4-1-labeled.csv");
        Skip.If(path is null, SharedDatasets.SkipMessage);
        int dataLines = File.ReadLines(path!).Count() - 1;
        var reader = new FlowLogReader(path!);

        List<FlowRecord> records = [.. reader.ReadAll()];

        Assert.Equal(dataLines, records.Count);
        Assert.Equal(0, reader.MalformedLines);
        Assert.Contains(records, r => r.Label.Equals("benign", StringComparison.OrdinalIgnoreCase));
    }

    [SkippableFact]
    public void ReadFile_AllIoT23Captures_ReadsThe46662FlowsOfTheReadme()
    {
        string? any = SharedDatasets.Find("iot-23/CTU-Honeypot-Capture-4-1-labeled.csv");
        Skip.If(any is null, SharedDatasets.SkipMessage);
        string[] files = Directory.GetFiles(Path.GetDirectoryName(any)!, "*.csv");
        var readers = files.Select(f => new FlowLogReader(f)).ToArray();

        List<FlowRecord> records = readers.SelectMany(r => r.ReadAll()).ToList();

        Assert.Equal(9, files.Length);
        Assert.Equal(46_662, records.Count);
        Assert.All(readers, r => Assert.Equal(0, r.MalformedLines));
        Assert.Contains(records, r => r.DetailedLabel == "PartOfAHorizontalPortScan");
    }

    [Fact]
    public async Task FollowAsync_LinesAppendedInPieces_YieldsEachCompleteLineAndStopsOnCancel()
    {
        // The file ends inside the second line when the reader first reads it; the rest arrives after the first record,
        // so the reader must hold the piece until its line is complete (no sleep needed: it reads between the records).
        string path = Write("conn.log", ZeekHeader + ZeekLine1 + ZeekLine2[..20]);
        var reader = new FlowLogReader(path);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = new List<FlowRecord>();

        Task follow = Task.Run(async () =>
        {
            await foreach (FlowRecord record in reader.FollowAsync(cancel.Token, TimeSpan.FromMilliseconds(20)))
            {
                received.Add(record);
                if (received.Count == 1)
                {
                    await AppendAsync(path, ZeekLine2[20..]);
                }
                else
                {
                    await cancel.CancelAsync();
                }
            }
        });
        await follow.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, received.Count);
        Assert.Equal(HostAddress.Parse("fe80::1"), received[1].OriginHost);
        Assert.Equal(0, reader.MalformedLines);
    }

    [Fact]
    public void ReadAll_ZeekJsonLines_ParsesFieldsAndCountsObjectsWithoutAddressesOrInvalidJson()
    {
        string path = Write("conn.json",
            "{\"ts\":1767261600.123456,\"uid\":\"Cj1\",\"id.orig_h\":\"10.0.0.5\",\"id.orig_p\":40000,\"id.resp_h\":\"10.0.0.9\",\"id.resp_p\":23,\"proto\":\"tcp\",\"conn_state\":\"REJ\",\"orig_pkts\":1,\"tunnel_parents\":[]}\n" +
            "{\"ts\":1767261601.5,\"uid\":\"Cj2\",\"id.resp_h\":\"10.0.0.9\"}\n" +
            "{\"ts\":1767261602,\"uid\":\n" +
            "{\"ts\":\"2026-01-01T10:00:03.000000Z\",\"uid\":\"Cj4\",\"id.orig_h\":\"fe80::1\",\"id.resp_h\":\"ff02::fb\",\"proto\":\"udp\",\"service\":\"dns\",\"duration\":0.25}\n");
        var reader = new FlowLogReader(path);

        List<FlowRecord> records = [.. reader.ReadAll()];

        Assert.Equal(["Cj1", "Cj4"], records.Select(r => r.Uid));
        Assert.Equal(2, reader.MalformedLines);
        Assert.Equal(1767261600_123456000L, records[0].TimestampNanoseconds);
        Assert.Equal(HostAddress.Parse("10.0.0.5"), records[0].OriginHost);
        Assert.Equal(23, records[0].ResponderPort);
        Assert.Equal("REJ", records[0].ConnectionState);
        Assert.Equal(1, records[0].OriginPackets);
        Assert.Null(records[0].OriginBytes);
        Assert.Equal(1767261603_000000000L, records[1].TimestampNanoseconds);
        Assert.Equal("dns", records[1].Service);
        Assert.Equal(0.25, records[1].DurationSeconds);
    }

    [Fact]
    public void GroupByOrigin_MixedRecords_GroupsPerHostInTimeOrder()
    {
        string path = Write("flows.csv", "ts,src,dst\n3,10.0.0.2,10.0.0.9\n2,10.0.0.1,10.0.0.9\n1,10.0.0.2,10.0.0.8\n");

        IReadOnlyList<HostFlows> groups = HostFlows.GroupByOrigin(FlowLogReader.ReadFile(path));

        Assert.Equal([HostAddress.Parse("10.0.0.2"), HostAddress.Parse("10.0.0.1")], groups.Select(g => g.Host));
        Assert.Equal([1_000_000_000L, 3_000_000_000L], groups[0].Flows.Select(f => f.TimestampNanoseconds));
    }

    private string Write(string name, string content) => LogFiles.Write(_directory, name, content);

    private static Task AppendAsync(string path, string text) => LogFiles.AppendAsync(path, text);
}
