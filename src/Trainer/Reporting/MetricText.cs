using System.Globalization;

namespace EdgeLstm.Trainer.Reporting;

/// <summary>Formats metrics that may be undefined (NaN: no attack, no alert or no benign sequence to divide by): "n/a" in
/// text, <see langword="null"/> in JSON, never a number that is not one.</summary>
internal static class MetricText
{
    /// <summary>The text of an undefined metric.</summary>
    public const string Undefined = "n/a";

    /// <summary>Formats a metric with an invariant-culture format string, or returns <see cref="Undefined"/> when it is not finite.</summary>
    public static string Format(double value, string format) =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : Undefined;

    /// <summary>Returns a metric as a JSON value: the number, or <see langword="null"/> when it is not finite.</summary>
    public static double? ToJson(double value) => double.IsFinite(value) ? value : null;
}
