namespace EdgeLstm.Model.Kernels;

/// <summary>Holds one sparse path's entry for its table: the panel width its layout needs and its product.</summary>
internal sealed class SparseKernel
{
    private SparseKernel(int panelColumns, SparseProduct multiplyAdd)
    {
        PanelColumns = panelColumns;
        MultiplyAdd = multiplyAdd;
    }

    /// <summary>Gets the panel width of the layouts the path reads.</summary>
    public int PanelColumns { get; }

    /// <summary>Gets the path's product.</summary>
    public SparseProduct MultiplyAdd { get; }

    /// <summary>Describes a sparse path type.</summary>
    /// <typeparam name="TPath">The path.</typeparam>
    /// <returns>The path's table entry.</returns>
    public static InstructionPath<SparseKernel> Of<TPath>()
        where TPath : ISparsePath =>
        InstructionPath.Of<TPath, SparseKernel>(new SparseKernel(TPath.PanelColumns, TPath.MultiplyAdd));
}
