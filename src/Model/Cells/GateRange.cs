namespace EdgeLstm.Model.Cells;

/// <summary>Names a run of consecutive gate blocks (in the kind's gate order) that one parameter tensor feeds.</summary>
/// <param name="First">The first block, an index into the kind's gate order (lstm: 0 = i, 1 = f, 2 = g, 3 = o).</param>
/// <param name="Count">The number of blocks; 0 when the tensor is absent.</param>
internal readonly record struct GateRange(int First, int Count)
{
    /// <summary>Gets the empty range: the tensor is absent.</summary>
    public static GateRange None => new(0, 0);

    /// <summary>Returns whether the range holds a gate.</summary>
    public bool Contains(int gate) => gate >= First && gate < First + Count;
}
