using System.Globalization;

namespace EdgeLstm.Trainer.Data;

/// <summary>Classifies a text field of a numeric column: a finite number, missing, infinite, or not a number.</summary>
internal enum NumericValueKind
{
    /// <summary>A finite number.</summary>
    Finite,

    /// <summary>An empty field or a missing-value marker (<c>-</c>, <c>?</c>, <c>NaN</c>, <c>null</c>, <c>(empty)</c>).</summary>
    Missing,

    /// <summary>Positive or negative infinity (<c>Infinity</c>, <c>inf</c>, or a number beyond the float range).</summary>
    Infinite,

    /// <summary>Text that is not a number.</summary>
    Invalid,
}

/// <summary>Parses the text fields of numeric columns with the invariant culture.</summary>
internal static class NumericValue
{
    /// <summary>Parses a field; <paramref name="value"/> is set only for <see cref="NumericValueKind.Finite"/>.</summary>
    /// <remarks>Values are stored as float because that is what the model and the agent read; a value beyond the float range counts as infinite.</remarks>
    public static NumericValueKind Parse(ReadOnlySpan<char> text, out float value)
    {
        value = 0;
        text = text.Trim();
        if (text.IsEmpty || IsMissingMarker(text))
        {
            return NumericValueKind.Missing;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed))
        {
            if (double.IsNaN(parsed))
            {
                return NumericValueKind.Missing;
            }

            float single = (float)parsed;
            if (!float.IsFinite(single))
            {
                return NumericValueKind.Infinite;
            }

            value = single;
            return NumericValueKind.Finite;
        }

        return IsInfinityMarker(text) ? NumericValueKind.Infinite : NumericValueKind.Invalid;
    }

    /// <summary>Returns whether a field is an empty or missing-value marker in any column kind.</summary>
    public static bool IsMissingMarker(ReadOnlySpan<char> text) =>
        text.IsEmpty || text is "-" or "?" or "(empty)"
        || text.Equals("nan", StringComparison.OrdinalIgnoreCase)
        || text.Equals("null", StringComparison.OrdinalIgnoreCase)
        || text.Equals("none", StringComparison.OrdinalIgnoreCase);

    private static bool IsInfinityMarker(ReadOnlySpan<char> text)
    {
        ReadOnlySpan<char> unsigned = text[0] is '+' or '-' ? text[1..] : text;
        return unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) || unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase);
    }
}
