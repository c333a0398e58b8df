using System.Globalization;

namespace EdgeLstm.Trainer.Data;

/// <summary>Builds a <see cref="RecordTable"/> from the text fields of one file's records, each field read in place according to its <see cref="FieldRole"/>.</summary>
internal sealed class RecordTableBuilder
{
    // Day-first dates (CSE-CIC-IDS2018 writes 14/02/2018 08:31:01), tried when the invariant month-first parse fails.
    private static readonly string[] s_dayFirstFormats = ["dd/MM/yyyy HH:mm:ss", "d/M/yyyy H:mm:ss", "d/M/yyyy H:mm", "dd/MM/yyyy HH:mm"];

    private readonly string _filePath;
    private readonly IReadOnlyList<string> _names;
    private readonly IReadOnlyList<FieldRole> _roles;
    private readonly bool _strictNumbers;
    private readonly List<long> _lines = [];
    private readonly List<float>?[] _numbers;
    private readonly int[] _missing;
    private readonly int[] _infinite;
    private readonly int[] _invalid;
    private readonly List<int>?[] _codes;
    private readonly StringInterner?[] _interners;
    private readonly List<double> _times = [];
    private readonly int _labelField = -1;
    private readonly int _timeField = -1;
    private readonly int _entityField = -1;

    /// <summary>Initializes a builder for records whose fields have the given names and roles.</summary>
    /// <param name="filePath">The file, for error messages.</param>
    /// <param name="names">The name of each field.</param>
    /// <param name="roles">The role of each field; at most one label, time and entity field.</param>
    /// <param name="strictNumbers">Whether a numeric field holding text that is not a number is an error (formats with declared types) rather than a counted missing value.</param>
    public RecordTableBuilder(string filePath, IReadOnlyList<string> names, IReadOnlyList<FieldRole> roles, bool strictNumbers)
    {
        _filePath = filePath;
        _names = names;
        _roles = roles;
        _strictNumbers = strictNumbers;
        int count = names.Count;
        _numbers = new List<float>?[count];
        _missing = new int[count];
        _infinite = new int[count];
        _invalid = new int[count];
        _codes = new List<int>?[count];
        _interners = new StringInterner?[count];
        for (int f = 0; f < count; f++)
        {
            if (roles[f] == FieldRole.Numeric)
            {
                _numbers[f] = [];
            }
            else if (roles[f] is FieldRole.Categorical or FieldRole.Label or FieldRole.Entity)
            {
                _codes[f] = [];
                _interners[f] = new StringInterner();
            }

            _labelField = roles[f] == FieldRole.Label ? f : _labelField;
            _timeField = roles[f] == FieldRole.Time ? f : _timeField;
            _entityField = roles[f] == FieldRole.Entity ? f : _entityField;
        }
    }

    /// <summary>Gets the number of rows added so far.</summary>
    public int RowCount => _lines.Count;

    /// <summary>Adds the record a reader last read.</summary>
    /// <param name="record">The reader, positioned on the record; its fields, one per name, are read in place.</param>
    /// <param name="label">The record's label when the format derives it from the label field (NSL-KDD's attack classes), or <see langword="null"/> to read the label field.</param>
    /// <exception cref="DatasetFormatException">The record has the wrong number of fields, a strict numeric field is not a number, a time is not a time, or a label is empty.</exception>
    public void Add(DelimitedReader record, string? label = null)
    {
        long line = record.RecordLine;
        if (record.FieldCount != _names.Count)
        {
            throw new DatasetFormatException(_filePath, line, null, $"has {record.FieldCount} fields but {_names.Count} columns are named");
        }

        for (int f = 0; f < _names.Count; f++)
        {
            ReadOnlySpan<char> text = record[f];
            switch (_roles[f])
            {
                case FieldRole.Numeric:
                    AddNumber(f, text, line);
                    break;
                case FieldRole.Categorical:
                case FieldRole.Entity:
                    _codes[f]!.Add(_interners[f]!.Intern(text.Trim()));
                    break;
                case FieldRole.Label:
                    ReadOnlySpan<char> value = label is null ? text.Trim() : label;
                    if (value.IsEmpty)
                    {
                        throw new DatasetFormatException(_filePath, line, _names[f], "the label is empty");
                    }

                    _codes[f]!.Add(_interners[f]!.Intern(value));
                    break;
                case FieldRole.Time:
                    _times.Add(ParseTime(text, line, _names[f]));
                    break;
                default:
                    break;
            }
        }

        _lines.Add(line);
    }

    /// <summary>Returns the table of the records added.</summary>
    /// <exception cref="DatasetFormatException">No record was added.</exception>
    public RecordTable Build()
    {
        if (_lines.Count == 0)
        {
            throw new DatasetFormatException(_filePath, 0, null, "the file is empty: it has no data records");
        }

        var columns = new List<TableColumn>();
        for (int f = 0; f < _names.Count; f++)
        {
            if (_roles[f] == FieldRole.Numeric)
            {
                columns.Add(TableColumn.FromNumbers(_names[f], [.. _numbers[f]!], _missing[f], _infinite[f], _invalid[f]));
            }
            else if (_roles[f] == FieldRole.Categorical)
            {
                columns.Add(TableColumn.FromCategories(_names[f], [.. _codes[f]!], _interners[f]!.Values));
            }
        }

        return new RecordTable
        {
            Sources = [_filePath],
            RowCount = _lines.Count,
            SourceIndex = new int[_lines.Count],
            LineNumbers = [.. _lines],
            Columns = columns,
            LabelColumn = _labelField >= 0 ? _names[_labelField] : null,
            LabelCodes = _labelField >= 0 ? [.. _codes[_labelField]!] : null,
            LabelValues = _labelField >= 0 ? _interners[_labelField]!.Values : [],
            TimeColumn = _timeField >= 0 ? _names[_timeField] : null,
            Times = _timeField >= 0 ? [.. _times] : null,
            EntityColumn = _entityField >= 0 ? _names[_entityField] : null,
            EntityCodes = _entityField >= 0 ? [.. _codes[_entityField]!] : null,
            EntityValues = _entityField >= 0 ? _interners[_entityField]!.Values : [],
        };
    }

    private void AddNumber(int f, ReadOnlySpan<char> text, long line)
    {
        switch (NumericValue.Parse(text, out float value))
        {
            case NumericValueKind.Finite:
                _numbers[f]!.Add(value);
                return;
            case NumericValueKind.Missing:
                _missing[f]++;
                break;
            case NumericValueKind.Infinite:
                _infinite[f]++;
                break;
            default:
                if (_strictNumbers)
                {
                    throw new DatasetFormatException(_filePath, line, _names[f], $"'{text}' is not a number, and this column requires one");
                }

                _invalid[f]++;
                break;
        }

        _numbers[f]!.Add(float.NaN);
    }

    private double ParseTime(ReadOnlySpan<char> text, long line, string column)
    {
        ReadOnlySpan<char> trimmed = text.Trim();
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && double.IsFinite(seconds))
        {
            return seconds;
        }

        const DateTimeStyles Utc = DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal;
        if (DateTime.TryParse(trimmed, CultureInfo.InvariantCulture, Utc, out DateTime time)
            || DateTime.TryParseExact(trimmed, s_dayFirstFormats, CultureInfo.InvariantCulture, Utc, out time))
        {
            return (time - DateTime.UnixEpoch).TotalSeconds;
        }

        throw new DatasetFormatException(_filePath, line, column, $"'{text}' is not a time: expected seconds or a date and time");
    }
}
