using EdgeLstm.Model.Kernels;

namespace EdgeLstm.Model.Tests.Kernels;

/// <summary>Turns the production path tables into theory data and runs one path directly, bypassing the dispatch.</summary>
internal static class KernelPaths
{
    /// <summary>Names every path of a table but the scalar reference the tests compare with.</summary>
    public static TheoryData<string> Names<TKernel>(IReadOnlyList<InstructionPath<TKernel>> paths)
        where TKernel : class =>
        new(paths.Where(path => path.Name != ReferenceKernels.PathName).Select(path => path.Name));

    /// <summary>Returns the named path's entry, skipping the test where this machine does not run it.</summary>
    public static TKernel Supported<TKernel>(IReadOnlyList<InstructionPath<TKernel>> paths, string name)
        where TKernel : class
    {
        InstructionPath<TKernel> path = InstructionPath.Named(paths, name);
        Skip.IfNot(path.IsSupported, $"{name} is not supported on this machine.");
        return path.Kernel;
    }
}
