namespace EdgeLstm.Model.Kernels;

/// <summary>Describes one instruction path of a kernel: its name, whether this machine runs it, and its entry.</summary>
/// <typeparam name="TKernel">The kernel's entry type, one per kernel family: a delegate (dense, packed) or a small description (sparse).</typeparam>
/// <remarks>
/// A family's table lists its paths widest first, ending with one every machine runs; the dispatch takes the first
/// supported entry once, and the tests and benchmarks run every supported entry by name.
/// </remarks>
internal sealed class InstructionPath<TKernel>
    where TKernel : class
{
    /// <summary>Initializes the description.</summary>
    /// <param name="name">The path's name.</param>
    /// <param name="isSupported">Whether this machine runs the path.</param>
    /// <param name="kernel">The path's entry; callers have validated the arguments.</param>
    public InstructionPath(string name, bool isSupported, TKernel kernel)
    {
        Name = name;
        IsSupported = isSupported;
        Kernel = kernel;
    }

    /// <summary>Gets the path's name.</summary>
    public string Name { get; }

    /// <summary>Gets a value indicating whether this machine runs the path.</summary>
    public bool IsSupported { get; }

    /// <summary>Gets the path's entry.</summary>
    public TKernel Kernel { get; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
