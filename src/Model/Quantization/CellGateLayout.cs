namespace EdgeLstm.Model.Quantization;

/// <summary>Describes which gates of each cell kind have input weights, recurrent weights and a bias (DESIGN.md's cell table).</summary>
/// <remarks>
/// lstm and lite: every gate has all three. slim1: i, f, o = σ(U h + b), so only g has input weights. slim2: i, f, o =
/// σ(U h), so only g has input weights and a bias. slim3: i, f, o = σ(b), so only g has input and recurrent weights.
/// </remarks>
internal static class CellGateLayout
{
    /// <summary>Returns the number of stacked gates: 2 for lite (s, g), else 4 (i, f, g, o).</summary>
    public static int GateCount(CellKind kind) => kind == CellKind.Lite ? 2 : 4;

    /// <summary>Returns the index of the candidate gate g.</summary>
    public static int CandidateGate(CellKind kind) => kind == CellKind.Lite ? 1 : 2;

    /// <summary>Returns whether a gate has input weights.</summary>
    public static bool HasInput(CellKind kind, int gate) =>
        kind is CellKind.Lstm or CellKind.Lite || gate == CandidateGate(kind);

    /// <summary>Returns whether a gate has recurrent weights.</summary>
    public static bool HasRecurrent(CellKind kind, int gate) => kind != CellKind.Slim3 || gate == CandidateGate(kind);

    /// <summary>Returns whether a gate has a bias.</summary>
    public static bool HasBias(CellKind kind, int gate) => kind != CellKind.Slim2 || gate == CandidateGate(kind);

    /// <summary>Returns how many of the kind's gates have the property.</summary>
    public static int Count(CellKind kind, Func<CellKind, int, bool> property)
    {
        ArgumentNullException.ThrowIfNull(property);
        int count = 0;
        for (int gate = 0; gate < GateCount(kind); gate++)
        {
            count += property(kind, gate) ? 1 : 0;
        }

        return count;
    }
}
