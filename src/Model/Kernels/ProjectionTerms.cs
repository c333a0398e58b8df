namespace EdgeLstm.Model.Kernels;

/// <summary>One projection's int32 accumulators with the per-row multipliers and the shift that turn them into Q3.12 terms.</summary>
internal readonly ref struct ProjectionTerms
{
    /// <summary>Initializes the terms.</summary>
    /// <param name="accumulators">The accumulators.</param>
    /// <param name="multipliers">The non-negative Q0.31 multiplier of each row.</param>
    /// <param name="shift">The shift of every row, −31..30.</param>
    public ProjectionTerms(ReadOnlySpan<int> accumulators, ReadOnlySpan<int> multipliers, int shift)
    {
        Accumulators = accumulators;
        Multipliers = multipliers;
        Shift = shift;
    }

    /// <summary>Gets the accumulators.</summary>
    public ReadOnlySpan<int> Accumulators { get; }

    /// <summary>Gets the multipliers.</summary>
    public ReadOnlySpan<int> Multipliers { get; }

    /// <summary>Gets the shift.</summary>
    public int Shift { get; }

    /// <summary>Gets the left part of the shift (applied before the multiplication).</summary>
    public int LeftShift => Shift > 0 ? Shift : 0;

    /// <summary>Gets the right part of the shift (a rounding division after it).</summary>
    public int RightShift => Shift > 0 ? 0 : -Shift;

    /// <summary>Returns the terms of <paramref name="count"/> rows from <paramref name="row"/> on.</summary>
    public ProjectionTerms Slice(int row, int count) => new(Accumulators.Slice(row, count), Multipliers.Slice(row, count), Shift);

    /// <summary>Throws unless the accumulators and multipliers are <paramref name="rows"/> long.</summary>
    /// <exception cref="ArgumentException">A length differs.</exception>
    public void CheckLength(int rows)
    {
        if (Accumulators.Length != rows)
        {
            ThrowHelper.ThrowLength("accumulators", Accumulators.Length, rows);
        }

        if (Multipliers.Length != rows)
        {
            ThrowHelper.ThrowLength("multipliers", Multipliers.Length, rows);
        }
    }
}
