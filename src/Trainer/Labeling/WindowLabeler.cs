using System.Globalization;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Windows;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Labeling;

/// <summary>Labels feature windows by rule: every window of a capture file, every window of an attacker address, or
/// the windows that overlap a labelled time range (optionally of one source address).</summary>
internal sealed class WindowLabeler
{
    private readonly HashSet<string> _attackFiles;
    private readonly HashSet<HostAddress> _attackers;
    private readonly List<(double Start, double End, HostAddress? Source)> _ranges;

    private WindowLabeler(HashSet<string> attackFiles, HashSet<HostAddress> attackers, List<(double, double, HostAddress?)> ranges)
    {
        _attackFiles = attackFiles;
        _attackers = attackers;
        _ranges = ranges;
    }

    /// <summary>Gets a value indicating whether any rule is set, so that rows carry a label.</summary>
    public bool HasRules => _attackFiles.Count > 0 || _attackers.Count > 0 || _ranges.Count > 0;

    /// <summary>Builds a labeler from the rule files.</summary>
    /// <param name="attackCaptures">Capture files whose every window is an attack.</param>
    /// <param name="attackersFile">A file with one attacker address per line (# starts a comment).</param>
    /// <param name="timeRangesFile">A CSV with a header holding <c>start</c>, <c>end</c> (Unix seconds) and optionally <c>source</c>.</param>
    /// <exception cref="DatasetFormatException">A rule file is malformed; the message names file, line and column.</exception>
    public static WindowLabeler Create(IEnumerable<string> attackCaptures, string? attackersFile, string? timeRangesFile)
    {
        var files = new HashSet<string>(attackCaptures.Select(Path.GetFullPath), StringComparer.Ordinal);
        var attackers = new HashSet<HostAddress>();
        if (attackersFile is not null)
        {
            int line = 0;
            foreach (string raw in File.ReadLines(attackersFile))
            {
                line++;
                string text = raw.Split('#')[0].Trim();
                if (text.Length == 0)
                {
                    continue;
                }

                if (!HostAddress.TryParse(text, out HostAddress address))
                {
                    throw new DatasetFormatException(attackersFile, line, null, $"'{text}' is not an IPv4 or IPv6 address");
                }

                attackers.Add(address);
            }
        }

        var ranges = new List<(double, double, HostAddress?)>();
        if (timeRangesFile is not null)
        {
            using DelimitedReader reader = DelimitedReader.Open(timeRangesFile);
            var fields = new List<string>();
            if (!reader.ReadRecord(fields))
            {
                throw new DatasetFormatException(timeRangesFile, 1, null, "the file is empty; expected a header with start,end[,source]");
            }

            int start = RequireColumn(fields, "start", timeRangesFile);
            int end = RequireColumn(fields, "end", timeRangesFile);
            int source = fields.IndexOf("source");
            while (reader.ReadRecord(fields))
            {
                double from = ParseTime(fields, start, "start", reader);
                double to = ParseTime(fields, end, "end", reader);
                HostAddress? host = null;
                if (source >= 0 && source < fields.Count && fields[source].Length > 0)
                {
                    host = HostAddress.TryParse(fields[source], out HostAddress parsed)
                        ? parsed
                        : throw new DatasetFormatException(timeRangesFile, reader.RecordLine, "source", $"'{fields[source]}' is not an IP address");
                }

                ranges.Add((from, to, host));
            }
        }

        return new WindowLabeler(files, attackers, ranges);
    }

    /// <summary>Returns whether a window of a capture file is an attack under the rules.</summary>
    public bool IsAttack(string captureFile, FeatureRow row, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (_attackFiles.Contains(Path.GetFullPath(captureFile)) || _attackers.Contains(row.Entity))
        {
            return true;
        }

        double start = row.WindowStartNanoseconds / 1e9;
        double end = start + window.TotalSeconds;
        foreach ((double from, double to, HostAddress? source) in _ranges)
        {
            if (start < to && end > from && (source is null || source.Value == row.Entity))
            {
                return true;
            }
        }

        return false;
    }

    private static int RequireColumn(List<string> header, string name, string file)
    {
        int index = header.IndexOf(name);
        return index >= 0 ? index : throw new DatasetFormatException(file, 1, name, $"column '{name}' is missing; the header is {string.Join(",", header)}");
    }

    private static double ParseTime(List<string> fields, int index, string name, DelimitedReader reader)
    {
        string text = index < fields.Count ? fields[index] : "";
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new DatasetFormatException(reader.FilePath, reader.RecordLine, name, $"'{text}' is not a time in Unix seconds");
    }
}
