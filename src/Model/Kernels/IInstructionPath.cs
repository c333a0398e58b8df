namespace EdgeLstm.Model.Kernels;

/// <summary>Defines what every instruction path of a kernel declares: its name and whether this machine runs it.</summary>
/// <remarks>
/// The path tables (<see cref="MatrixKernels.Int8Paths"/>, <see cref="MatrixKernels.Int16Paths"/>,
/// <see cref="PackedInt8Weights.Paths"/>) are built from these members, so a path's name and its support check are
/// written once, beside its code.
/// </remarks>
internal interface IInstructionPath
{
    /// <summary>Gets the path's name, as the tables, the tests and the benchmark reports show it.</summary>
    static abstract string Name { get; }

    /// <summary>Gets a value indicating whether this machine runs the path (a JIT-time constant).</summary>
    static abstract bool IsSupported { get; }
}
