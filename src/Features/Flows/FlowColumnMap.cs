using System.Globalization;
using EdgeLstm.Features.Decoding;

namespace EdgeLstm.Features.Flows;

/// <summary>Maps the columns of a flow log header (Zeek names, or common CSV aliases) to record fields.</summary>
internal sealed class FlowColumnMap
{
    private static readonly Dictionary<string, Column> s_aliases = BuildAliases();

    private readonly int[] _indexOf;

    private FlowColumnMap(int[] indexOf, int columnCount)
    {
        _indexOf = indexOf;
        ColumnCount = columnCount;
    }

    private enum Column
    {
        Timestamp,
        Uid,
        OriginHost,
        OriginPort,
        ResponderHost,
        ResponderPort,
        Protocol,
        Service,
        Duration,
        OriginBytes,
        ResponderBytes,
        ConnectionState,
        History,
        OriginPackets,
        OriginIPBytes,
        ResponderPackets,
        ResponderIPBytes,
        Label,
        DetailedLabel,
    }

    /// <summary>Gets the number of columns in the header.</summary>
    public int ColumnCount { get; }

    /// <summary>Builds a map from header names; returns null and a reason when a required column is missing.</summary>
    public static FlowColumnMap? Create(IReadOnlyList<string> names, out string? problem)
    {
        int[] indexOf = Enumerable.Repeat(-1, Enum.GetValues<Column>().Length).ToArray();
        for (int i = 0; i < names.Count; i++)
        {
            if (s_aliases.TryGetValue(names[i].Trim().ToLowerInvariant(), out Column column) && indexOf[(int)column] < 0)
            {
                indexOf[(int)column] = i;
            }
        }

        Column[] required = [Column.Timestamp, Column.OriginHost, Column.ResponderHost];
        Column[] missing = required.Where(c => indexOf[(int)c] < 0).ToArray();
        if (missing.Length > 0)
        {
            problem = $"the header lacks a column for {string.Join(", ", missing)} (Zeek: ts, id.orig_h, id.resp_h; CSV aliases such as timestamp, src_ip, dst_ip)";
            return null;
        }

        problem = null;
        return new FlowColumnMap(indexOf, names.Count);
    }

    /// <summary>Converts one line's fields to a record; returns null and a reason when a field is invalid.</summary>
    public FlowRecord? Parse(IReadOnlyList<string> fields, out string? problem)
    {
        problem = null;
        string timestampText = Field(fields, Column.Timestamp);
        if (!TryParseTimestamp(timestampText, out long timestamp))
        {
            problem = $"timestamp '{timestampText}' is neither epoch seconds nor an ISO 8601 time";
            return null;
        }

        string originText = Field(fields, Column.OriginHost);
        string responderText = Field(fields, Column.ResponderHost);
        if (!HostAddress.TryParse(originText, out HostAddress origin) || !HostAddress.TryParse(responderText, out HostAddress responder))
        {
            problem = $"address '{originText}' or '{responderText}' is not an IP address";
            return null;
        }

        return new FlowRecord
        {
            TimestampNanoseconds = timestamp,
            Uid = Field(fields, Column.Uid),
            OriginHost = origin,
            OriginPort = Port(fields, Column.OriginPort),
            ResponderHost = responder,
            ResponderPort = Port(fields, Column.ResponderPort),
            Protocol = Protocol(Field(fields, Column.Protocol)),
            Service = Field(fields, Column.Service),
            DurationSeconds = Number(fields, Column.Duration),
            OriginBytes = Integer(fields, Column.OriginBytes),
            ResponderBytes = Integer(fields, Column.ResponderBytes),
            ConnectionState = Field(fields, Column.ConnectionState),
            History = Field(fields, Column.History),
            OriginPackets = Integer(fields, Column.OriginPackets),
            OriginIPBytes = Integer(fields, Column.OriginIPBytes),
            ResponderPackets = Integer(fields, Column.ResponderPackets),
            ResponderIPBytes = Integer(fields, Column.ResponderIPBytes),
            Label = Field(fields, Column.Label),
            DetailedLabel = Field(fields, Column.DetailedLabel),
        };
    }

    /// <summary>Parses epoch seconds exactly to the nanosecond (more decimals are rounded: JSON writers print doubles with
    /// up to 17 significant digits, such as <c>81.35792000000001</c>), a number in exponent form, or an ISO 8601 time.</summary>
    internal static bool TryParseTimestamp(string text, out long nanoseconds)
    {
        nanoseconds = 0;
        int dot = text.IndexOf('.', StringComparison.Ordinal);
        ReadOnlySpan<char> whole = dot < 0 ? text : text.AsSpan(0, dot);
        ReadOnlySpan<char> fraction = dot < 0 ? [] : text.AsSpan(dot + 1);
        if (long.TryParse(whole, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            && seconds < (long.MaxValue / 1_000_000_000L) - 1
            && !fraction.ContainsAnyExceptInRange('0', '9'))
        {
            long sub = 0;
            for (int i = 0; i < 9; i++)
            {
                sub = (sub * 10) + (i < fraction.Length ? fraction[i] - '0' : 0);
            }

            // Round half up at the tenth decimal; the rest cannot change the nanosecond.
            sub += fraction.Length > 9 && fraction[9] >= '5' ? 1 : 0;
            nanoseconds = (seconds * 1_000_000_000L) + sub;
            return true;
        }

        if (text.AsSpan().ContainsAny('e', 'E')
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            && value is >= 0 and < long.MaxValue / 1e9)
        {
            nanoseconds = (long)Math.Round(value * 1e9);
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
        {
            nanoseconds = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
            return true;
        }

        return false;
    }

    private static string Protocol(string text) => text switch
    {
        "6" => "tcp",
        "17" => "udp",
        "1" => "icmp",
        "58" => "icmp6",
        _ => text.ToLowerInvariant(),
    };

    private static bool IsUnset(string text) => text.Length == 0 || text == "-" || text == "(empty)";

    private string Field(IReadOnlyList<string> fields, Column column)
    {
        int index = _indexOf[(int)column];
        if (index < 0 || index >= fields.Count)
        {
            return string.Empty;
        }

        string value = fields[index].Trim();
        return IsUnset(value) ? string.Empty : value;
    }

    private ushort Port(IReadOnlyList<string> fields, Column column) =>
        ushort.TryParse(Field(fields, column), NumberStyles.None, CultureInfo.InvariantCulture, out ushort port) ? port : (ushort)0;

    private long? Integer(IReadOnlyList<string> fields, Column column) =>
        long.TryParse(Field(fields, column), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : null;

    private double? Number(IReadOnlyList<string> fields, Column column) =>
        double.TryParse(Field(fields, column), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value : null;

    private static Dictionary<string, Column> BuildAliases()
    {
        var aliases = new Dictionary<string, Column>(StringComparer.Ordinal);
        void Add(Column column, params string[] names)
        {
            foreach (string name in names)
            {
                aliases[name] = column;
            }
        }

        Add(Column.Timestamp, "ts", "timestamp", "start_time", "starttime", "stime", "start");
        Add(Column.Uid, "uid", "flow_id", "flowid");
        Add(Column.OriginHost, "id.orig_h", "src", "src_ip", "srcip", "saddr", "source_ip", "sourceip", "orig_h");
        Add(Column.OriginPort, "id.orig_p", "sport", "src_port", "srcport", "source_port", "orig_p");
        Add(Column.ResponderHost, "id.resp_h", "dst", "dst_ip", "dstip", "daddr", "destination_ip", "destinationip", "resp_h");
        Add(Column.ResponderPort, "id.resp_p", "dport", "dst_port", "dstport", "destination_port", "resp_p");
        Add(Column.Protocol, "proto", "protocol");
        Add(Column.Service, "service");
        Add(Column.Duration, "duration", "dur");
        Add(Column.OriginBytes, "orig_bytes", "sbytes", "src_bytes");
        Add(Column.ResponderBytes, "resp_bytes", "dbytes", "dst_bytes");
        Add(Column.ConnectionState, "conn_state", "state");
        Add(Column.History, "history");
        Add(Column.OriginPackets, "orig_pkts", "spkts", "src_pkts");
        Add(Column.OriginIPBytes, "orig_ip_bytes");
        Add(Column.ResponderPackets, "resp_pkts", "dpkts", "dst_pkts");
        Add(Column.ResponderIPBytes, "resp_ip_bytes");
        Add(Column.Label, "label");
        Add(Column.DetailedLabel, "detailed-label", "detailed_label", "attack_cat");
        return aliases;
    }
}
