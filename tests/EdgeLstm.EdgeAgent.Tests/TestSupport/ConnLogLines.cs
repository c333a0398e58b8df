using System.Globalization;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Writes a synthetic Zeek conn.log (TSV, as Zeek 6 writes it): a header, and connection lines of a scanning
/// host (rejected or unanswered attempts on successive ports) or of an ordinary one.</summary>
internal static class ConnLogLines
{
    /// <summary>The first second of the synthetic log (2026-01-01 10:00:00 UTC).</summary>
    public const long StartSeconds = 1_767_261_600;

    /// <summary>The header Zeek writes when it opens a new conn.log.</summary>
    public const string Header =
        "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n#open\t2026-01-01-10-00-00\n" +
        "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n" +
        "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n";

    /// <summary>Returns a scan probe: one SYN to <paramref name="port"/>, answered by a reset (REJ) on odd ports, unanswered (S0) on even ones.</summary>
    public static string Probe(string origin, int index, int port) => Line(
        origin, index, "10.0.0.1", port, "tcp", "-", "-", "0", "0", port % 2 == 1 ? "REJ" : "S0", port % 2 == 1 ? "Sr" : "S", 1, 44, port % 2 == 1 ? 1 : 0, port % 2 == 1 ? 40 : 0);

    /// <summary>Returns an ordinary HTTPS connection.</summary>
    public static string Web(string origin, int index) => Line(
        origin, index, "93.184.216.34", 443, "tcp", "ssl", "1.250000", "1200", "5400", "SF", "ShADadFf", 12, 1800, 10, 5960);

    private static string Line(string origin, int index, string responder, int port, string proto, string service, string duration, string origBytes, string respBytes, string state, string history, int origPackets, int origIPBytes, int respPackets, int respIPBytes) =>
        string.Join('\t',
            string.Create(CultureInfo.InvariantCulture, $"{StartSeconds + index}.{index % 1000:D6}"),
            "C" + index.ToString("D6", CultureInfo.InvariantCulture),
            origin,
            (40000 + index).ToString(CultureInfo.InvariantCulture),
            responder,
            port.ToString(CultureInfo.InvariantCulture),
            proto,
            service,
            duration,
            origBytes,
            respBytes,
            state,
            "T",
            "F",
            "0",
            history,
            origPackets.ToString(CultureInfo.InvariantCulture),
            origIPBytes.ToString(CultureInfo.InvariantCulture),
            respPackets.ToString(CultureInfo.InvariantCulture),
            respIPBytes.ToString(CultureInfo.InvariantCulture),
            "(empty)") + "\n";

    /// <summary>Appends text to a log the way a logger does: open, append, close, while a reader follows it.</summary>
    public static async Task AppendAsync(string path, string text)
    {
        await using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text);
    }
}
