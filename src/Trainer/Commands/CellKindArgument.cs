using System.CommandLine.Parsing;
using EdgeLstm.Model;
using EdgeLstm.Model.Cells;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Parses cell kinds by name: one for <c>--cell</c>, a list (separated by commas or spaces) for <c>--cells</c>.</summary>
/// <remarks>The default enum parser reads <c>lite,slim1</c> as the bitwise OR of two values (Slim2) and accepts
/// numbers; these parsers accept only the names of <see cref="CellDescriptor.All"/>, ignoring case.</remarks>
internal static class CellKindArgument
{
    /// <summary>Gets the accepted names, as the model file writes them.</summary>
    public static string Names => string.Join(", ", CellDescriptor.All.Select(descriptor => descriptor.Name));

    /// <summary>Gets every cell kind, in the order of <see cref="Names"/>.</summary>
    public static CellKind[] All => [.. CellDescriptor.All.Select(descriptor => descriptor.Kind)];

    /// <summary>Parses exactly one cell kind; a list is an error that points to <c>compare --cells</c>.</summary>
    public static CellKind ParseOne(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string[] values = [.. Split(result)];
        if (values.Length != 1)
        {
            result.AddError($"--cell takes one cell kind, not '{string.Join(",", values)}' ({Names}); compare --cells trains several.");
            return default;
        }

        return Parse(values[0], result);
    }

    /// <summary>Parses one or more cell kinds, each token split at commas.</summary>
    public static CellKind[] ParseMany(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        CellKind[] kinds = [.. Split(result).Select(value => Parse(value, result))];
        if (kinds.Length == 0)
        {
            result.AddError($"--cells needs at least one cell kind ({Names}).");
        }

        return kinds;
    }

    private static IEnumerable<string> Split(ArgumentResult result) =>
        result.Tokens.SelectMany(token => token.Value.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static CellKind Parse(string value, ArgumentResult result)
    {
        if (CellDescriptor.TryParse(value, out CellDescriptor descriptor))
        {
            return descriptor.Kind;
        }

        result.AddError($"'{value}' is not a cell kind; use one of {Names}.");
        return default;
    }
}
