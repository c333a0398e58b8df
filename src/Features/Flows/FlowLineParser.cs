using System.Text.Json;

namespace EdgeLstm.Features.Flows;

/// <summary>Turns the lines of one flow log, in order, into records: Zeek TSV (<c>#separator</c>, <c>#fields</c>),
/// Zeek JSON (one object per line), or CSV with a header row. Holds the header state of the file being read.</summary>
/// <remarks>A line with an invalid field is counted and reported, never fatal; an unusable header is fatal.</remarks>
internal sealed class FlowLineParser
{
    private readonly string _path;
    private readonly Action<FlowLogFormatException>? _malformed;
    private FlowColumnMap? _map;
    private char _separator = ',';
    private bool _isZeek;
    private string[] _jsonNames = [];
    private FlowColumnMap? _jsonMap;

    /// <summary>Initializes a parser of the lines of <paramref name="path"/>.</summary>
    /// <param name="path">The log file, for messages.</param>
    /// <param name="malformed">Receives each skipped line's problem (with file and line), or null.</param>
    public FlowLineParser(string path, Action<FlowLogFormatException>? malformed = null)
    {
        _path = path;
        _malformed = malformed;
    }

    /// <summary>Gets the 1-based number of the last line given, in the current file.</summary>
    public long LineNumber { get; private set; }

    /// <summary>Gets the number of data lines skipped because a field was invalid, over every file.</summary>
    public long MalformedLines { get; private set; }

    /// <summary>Gets the number of records returned, over every file.</summary>
    public long RecordsRead { get; private set; }

    /// <summary>Starts a new file (a rotated log): line numbers restart and a new header is expected.</summary>
    public void Reset()
    {
        _map = null;
        _separator = ',';
        _isZeek = false;
        LineNumber = 0;
    }

    /// <summary>Reads the next line of the file.</summary>
    /// <param name="line">The line, without its newline.</param>
    /// <param name="headerOnly">Whether only header lines are read and data lines passed over (catching up to the end).</param>
    /// <returns>The record, or null for a header, blank, skipped or malformed line.</returns>
    /// <exception cref="FlowLogFormatException">A header line lacks a required column.</exception>
    public FlowRecord? Parse(string line, bool headerOnly = false)
    {
        LineNumber++;
        if (line.Length == 0)
        {
            return null;
        }

        if (line[0] == '#')
        {
            ProcessDirective(line);
            return null;
        }

        if (line[0] == '{' && !_isZeek)
        {
            return headerOnly ? null : Count(ParseJson(line, out string? jsonProblem), jsonProblem);
        }

        if (_map is null)
        {
            // No #fields: the first line is a CSV header.
            _map = FlowColumnMap.Create(FlowLogReader.SplitCsv(line), out string? problem)
                ?? throw new FlowLogFormatException(_path, LineNumber, problem!);
            return null;
        }

        if (headerOnly)
        {
            return null;
        }

        List<string> fields = _isZeek ? SplitZeek(line) : FlowLogReader.SplitCsv(line);
        return Count(_map.Parse(fields, out string? fieldProblem), fieldProblem);
    }

    private FlowRecord? Count(FlowRecord? record, string? problem)
    {
        if (record is null)
        {
            MalformedLines++;
            _malformed?.Invoke(new FlowLogFormatException(_path, LineNumber, problem ?? "the line is malformed"));
            return null;
        }

        RecordsRead++;
        return record;
    }

    private void ProcessDirective(string line)
    {
        _isZeek = true;
        if (line.StartsWith("#separator ", StringComparison.Ordinal))
        {
            string value = line["#separator ".Length..].Trim();
            _separator = value.StartsWith("\\x", StringComparison.Ordinal) && value.Length == 4
                ? (char)Convert.ToInt32(value[2..], 16)
                : value.Length > 0 ? value[0] : '\t';
        }
        else if (line.StartsWith("#fields", StringComparison.Ordinal))
        {
            if (_separator == ',')
            {
                _separator = '\t';
            }

            List<string> names = SplitZeek(line);
            names.RemoveAt(0);
            _map = FlowColumnMap.Create(names, out string? problem)
                ?? throw new FlowLogFormatException(_path, LineNumber, problem!);
        }
    }

    /// <summary>Parses a Zeek JSON line; Zeek leaves unset fields out, so each object carries its own header.</summary>
    private FlowRecord? ParseJson(string line, out string? problem)
    {
        var names = new List<string>();
        var values = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problem = "the JSON line is not an object";
                return null;
            }

            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                names.Add(property.Name);

                // Raw number text keeps every digit of an epoch timestamp; sets (tunnel_parents) are not features.
                values.Add(property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "T",
                    JsonValueKind.False => "F",
                    _ => string.Empty,
                });
            }
        }
        catch (JsonException error)
        {
            problem = $"not valid JSON: {error.Message}";
            return null;
        }

        if (_jsonMap is null || !names.SequenceEqual(_jsonNames, StringComparer.Ordinal))
        {
            _jsonMap = FlowColumnMap.Create(names, out problem);
            _jsonNames = [.. names];
            if (_jsonMap is null)
            {
                return null;
            }
        }

        return _jsonMap.Parse(values, out problem);
    }

    /// <summary>Splits a Zeek line; IoT-23's labelled logs separate their last columns with runs of spaces.</summary>
    private List<string> SplitZeek(string line)
    {
        var fields = new List<string>();
        foreach (string field in line.Split(_separator))
        {
            if (field.Contains("   ", StringComparison.Ordinal))
            {
                fields.AddRange(field.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
            else
            {
                fields.Add(field);
            }
        }

        return fields;
    }
}
