namespace EdgeLstm.Trainer.Data;

/// <summary>Assigns dense codes to distinct strings in order of first appearance.</summary>
internal sealed class StringInterner
{
    private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];

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
}
