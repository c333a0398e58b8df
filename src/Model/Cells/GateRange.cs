namespace EdgeLstm.Model.Cells;

/// <summary>Names a run of consecutive gate blocks (in the order i, f, g, o) that one parameter tensor feeds.</summary>
/// <param name="First">The first block: 0 = i, 1 = f, 2 = g, 3 = o.</param>
/// <param name="Count">The number of blocks; 0 when the tensor is absent.</param>
internal readonly record struct GateRange(int First, int Count)
{
    /// <summary>Gets all four gate blocks.</summary>
    public static GateRange All => new(0, 4);

    /// <summary>Gets the candidate block g only.</summary>
    public static GateRange CandidateOnly => new(2, 1);
}
