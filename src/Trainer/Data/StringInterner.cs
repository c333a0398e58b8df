namespace EdgeLstm.Trainer.Data;

/// <summary>Assigns dense codes to distinct strings in order of first appearance.</summary>
internal sealed class StringInterner
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <summary>Initializes an empty interner.</summary>
    public StringInterner() => _lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Gets the distinct values, indexed by code.</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>Returns the code of a value, assigning the next code to a new one.</summary>
    public int Intern(string value)
    {
        if (!_codes.TryGetValue(value, out int code))
        {
            code = _values.Count;
            _codes.Add(value, code);
            _values.Add(value);
        }

        return code;
    }

    /// <summary>Returns the code of a value given as characters, allocating a string only for a new value.</summary>
    public int Intern(ReadOnlySpan<char> value)
    {
        if (!_lookup.TryGetValue(value, out int code))
        {
            code = _values.Count;
            string text = value.ToString();
            _codes.Add(text, code);
            _values.Add(text);
        }

        return code;
    }
}
