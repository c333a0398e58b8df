using System.Diagnostics.CodeAnalysis;

namespace EdgeLstm.Model.Kernels;

/// <summary>Throws the argument exceptions of the kernels, keeping the throwing code out of the hot methods.</summary>
internal static class ThrowHelper
{
    /// <summary>Throws an <see cref="ArgumentException"/> for a span whose length does not fit the shape.</summary>
    [DoesNotReturn]
    public static void ThrowLength(string paramName, int actual, long expected) =>
        throw new ArgumentException($"Length {actual} does not match the expected {expected}.", paramName);

    /// <summary>Throws an <see cref="ArgumentOutOfRangeException"/> for a negative or too large dimension.</summary>
    [DoesNotReturn]
    public static void ThrowDimension(string paramName, int value) =>
        throw new ArgumentOutOfRangeException(paramName, value, "The dimension must be between 0 and 65536.");

    /// <summary>Throws an <see cref="ArgumentException"/> for a malformed sparse layout.</summary>
    [DoesNotReturn]
    public static void ThrowSparseLayout(string message) => throw new ArgumentException(message);
}
