using System.ComponentModel;
using System.Globalization;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Converts the configuration text of <c>Detection:Source</c> (<c>live</c>, <c>replay</c>, <c>zeek</c>, any case) to a
/// <see cref="DetectionSourceKind"/>; anything else, numbers included, is an error that lists the allowed values.</summary>
internal sealed class DetectionSourceKindConverter : EnumConverter
{
    /// <summary>Initializes the converter.</summary>
    public DetectionSourceKindConverter()
        : base(typeof(DetectionSourceKind))
    {
    }

    /// <summary>Gets the allowed values as configuration spells them.</summary>
    public static string AllowedValues { get; } = string.Join(", ", Enum.GetValues<DetectionSourceKind>().Select(Name));

    /// <summary>Returns the configuration spelling of a source (<c>live</c>, <c>replay</c>, <c>zeek</c>).</summary>
    public static string Name(DetectionSourceKind kind) => kind.ToString().ToLowerInvariant();

    /// <inheritdoc/>
    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value)
    {
        if (value is string text)
        {
            foreach (DetectionSourceKind kind in Enum.GetValues<DetectionSourceKind>())
            {
                if (string.Equals(text.Trim(), Name(kind), StringComparison.OrdinalIgnoreCase))
                {
                    return kind;
                }
            }

            throw new FormatException($"'{text}' is not a source; the sources are {AllowedValues}.");
        }

        return base.ConvertFrom(context, culture, value);
    }
}
