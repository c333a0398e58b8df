namespace EdgeLstm.Model.Kernels;

/// <summary>Creates and looks up <see cref="InstructionPath{TKernel}"/> descriptions.</summary>
internal static class InstructionPath
{
    /// <summary>Describes a path type by its declared name and support.</summary>
    /// <typeparam name="TPath">The path.</typeparam>
    /// <typeparam name="TKernel">The kernel's entry type.</typeparam>
    /// <param name="kernel">The path's entry.</param>
    /// <returns>The description.</returns>
    public static InstructionPath<TKernel> Of<TPath, TKernel>(TKernel kernel)
        where TPath : IInstructionPath
        where TKernel : class =>
        new(TPath.Name, TPath.IsSupported, kernel);

    /// <summary>Returns the first path of a table this machine runs.</summary>
    /// <exception cref="InvalidOperationException">No path of the table is supported (a table must end with a path every machine runs).</exception>
    public static InstructionPath<TKernel> Best<TKernel>(IReadOnlyList<InstructionPath<TKernel>> paths)
        where TKernel : class
    {
        foreach (InstructionPath<TKernel> path in paths)
        {
            if (path.IsSupported)
            {
                return path;
            }
        }

        throw new InvalidOperationException("No instruction path of the table runs on this machine.");
    }

    /// <summary>Returns the path of a table with the given name.</summary>
    /// <exception cref="ArgumentException">The table has no path of that name.</exception>
    public static InstructionPath<TKernel> Named<TKernel>(IReadOnlyList<InstructionPath<TKernel>> paths, string name)
        where TKernel : class
    {
        foreach (InstructionPath<TKernel> path in paths)
        {
            if (path.Name == name)
            {
                return path;
            }
        }

        throw new ArgumentException($"No instruction path is named '{name}'.", nameof(name));
    }
}
