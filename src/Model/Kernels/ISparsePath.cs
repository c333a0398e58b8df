namespace EdgeLstm.Model.Kernels;

/// <summary>Defines one instruction path of the sparse int8 kernel over the sliced-ELLPACK layout (<see cref="SlicedEllpackInt8"/>).</summary>
internal interface ISparsePath : IInstructionPath
{
    /// <summary>Gets the panel width of the layouts the path reads.</summary>
    static abstract int PanelColumns { get; }

    /// <summary>Multiplies the matrix by a vector and adds a bias; the caller has validated the lengths.</summary>
    /// <param name="matrix">The matrix, in panels of <see cref="PanelColumns"/>.</param>
    /// <param name="vector">The vector, <see cref="SlicedEllpackInt8.Columns"/> long.</param>
    /// <param name="bias">The bias, one per row, or empty for none.</param>
    /// <param name="destination">Receives one sum per row.</param>
    static abstract void MultiplyAdd(SlicedEllpackInt8 matrix, ReadOnlySpan<sbyte> vector, ReadOnlySpan<int> bias, Span<int> destination);
}
