using System.Globalization;

namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>Reads a GPIO chip setting: <c>gpiochipN</c> (the name under /dev) or plain <c>N</c>.</summary>
internal static class GpioChipName
{
    private const string Prefix = "gpiochip";

    /// <summary>Reads the chip number from a chip name.</summary>
    /// <param name="name">The setting, for example <c>gpiochip0</c>.</param>
    /// <param name="chipNumber">The chip number.</param>
    /// <returns><see langword="true"/> when the name is <c>gpiochipN</c> or <c>N</c>.</returns>
    public static bool TryParse(string? name, out int chipNumber)
    {
        ReadOnlySpan<char> digits = name.AsSpan();
        if (digits.StartsWith(Prefix, StringComparison.Ordinal))
        {
            digits = digits[Prefix.Length..];
        }

        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out chipNumber);
    }
}
