using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;

namespace EdgeLstm.Model.Numerics;

/// <summary>Provides the few dense linear-algebra operations the float cells need, vectorized with <see cref="Vector{T}"/>.</summary>
/// <remarks>
/// Matrices are row-major. A "batch matrix" holds one row per sequence of the mini-batch; gate blocks are
/// addressed by a column offset into a wider row (<c>stride</c>) so that cells whose tensors cover only some
/// gates write into the right block without copies.
/// </remarks>
internal static class DenseMath
{
    /// <summary>Computes the dot product of two spans of equal length.</summary>
    /// <remarks>This method effectively computes <c>Σ x[i] · y[i]</c>.</remarks>
    public static T Dot<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> y)
        where T : unmanaged, INumber<T>
    {
        Debug.Assert(x.Length == y.Length);
        int i = 0;
        T sum = T.Zero;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            ref T xRef = ref MemoryMarshal.GetReference(x);
            ref T yRef = ref MemoryMarshal.GetReference(y);
            Vector<T> accumulator = Vector<T>.Zero;
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                accumulator += Vector.LoadUnsafe(ref xRef, (nuint)i) * Vector.LoadUnsafe(ref yRef, (nuint)i);
            }

            sum = Vector.Sum(accumulator);
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>Adds a scaled vector to a destination vector.</summary>
    /// <remarks>This method effectively computes <c>destination[i] += alpha · x[i]</c>.</remarks>
    public static void AddScaled<T>(T alpha, ReadOnlySpan<T> x, Span<T> destination)
        where T : unmanaged, INumber<T>
    {
        Debug.Assert(x.Length == destination.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<T>.Count)
        {
            ref T xRef = ref MemoryMarshal.GetReference(x);
            ref T dRef = ref MemoryMarshal.GetReference(destination);
            var alphaVector = new Vector<T>(alpha);
            for (; i <= x.Length - Vector<T>.Count; i += Vector<T>.Count)
            {
                Vector<T> d = Vector.LoadUnsafe(ref dRef, (nuint)i) + (alphaVector * Vector.LoadUnsafe(ref xRef, (nuint)i));
                d.StoreUnsafe(ref dRef, (nuint)i);
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] += alpha * x[i];
        }
    }

    /// <summary>Adds the product of a batch matrix and a transposed weight matrix into a block of a wider batch matrix.</summary>
    /// <param name="x">The batch matrix [batch × inner].</param>
    /// <param name="batch">The number of rows of <paramref name="x"/>.</param>
    /// <param name="weights">The weight matrix [outputs × inner].</param>
    /// <param name="destination">The batch matrix [batch × stride] to add into, at columns [offset, offset + outputs).</param>
    /// <param name="stride">The row length of <paramref name="destination"/>.</param>
    /// <param name="offset">The first column of the block written.</param>
    /// <remarks>This method effectively computes <c>destination[b, offset + r] += Σ_k x[b, k] · weights[r, k]</c>.</remarks>
    public static void AddProductTransposed<T>(ReadOnlySpan<T> x, int batch, ReadOnlySpan<T> weights, Span<T> destination, int stride, int offset)
        where T : unmanaged, INumber<T>
    {
        int inner = x.Length / Math.Max(batch, 1);
        int outputs = inner == 0 ? 0 : weights.Length / inner;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> row = x.Slice(b * inner, inner);
            Span<T> target = destination.Slice((b * stride) + offset, outputs);
            for (int r = 0; r < outputs; r++)
            {
                target[r] += Dot(row, weights.Slice(r * inner, inner));
            }
        }
    }

    /// <summary>Adds the product of a block of a batch matrix and a weight matrix into a batch matrix.</summary>
    /// <param name="gradients">The batch matrix [batch × stride]; columns [offset, offset + outputs) are used.</param>
    /// <param name="stride">The row length of <paramref name="gradients"/>.</param>
    /// <param name="offset">The first column of the block read.</param>
    /// <param name="weights">The weight matrix [outputs × inner].</param>
    /// <param name="destination">The batch matrix [batch × inner] to add into.</param>
    /// <param name="batch">The number of rows.</param>
    /// <remarks>This method effectively computes <c>destination[b, k] += Σ_r gradients[b, offset + r] · weights[r, k]</c>.</remarks>
    public static void AddProduct<T>(ReadOnlySpan<T> gradients, int stride, int offset, ReadOnlySpan<T> weights, Span<T> destination, int batch)
        where T : unmanaged, INumber<T>
    {
        int inner = destination.Length / Math.Max(batch, 1);
        int outputs = inner == 0 ? 0 : weights.Length / inner;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> g = gradients.Slice((b * stride) + offset, outputs);
            Span<T> target = destination.Slice(b * inner, inner);
            for (int r = 0; r < outputs; r++)
            {
                AddScaled(g[r], weights.Slice(r * inner, inner), target);
            }
        }
    }

    /// <summary>Adds the outer products of a block of a batch matrix with a batch matrix into a weight gradient.</summary>
    /// <param name="gradients">The batch matrix [batch × stride]; columns [offset, offset + outputs) are used.</param>
    /// <param name="stride">The row length of <paramref name="gradients"/>.</param>
    /// <param name="offset">The first column of the block read.</param>
    /// <param name="x">The batch matrix [batch × inner].</param>
    /// <param name="destination">The weight gradient [outputs × inner] to add into.</param>
    /// <param name="batch">The number of rows.</param>
    /// <remarks>This method effectively computes <c>destination[r, k] += Σ_b gradients[b, offset + r] · x[b, k]</c>.</remarks>
    public static void AddOuterProducts<T>(ReadOnlySpan<T> gradients, int stride, int offset, ReadOnlySpan<T> x, Span<T> destination, int batch)
        where T : unmanaged, INumber<T>
    {
        int inner = x.Length / Math.Max(batch, 1);
        int outputs = inner == 0 ? 0 : destination.Length / inner;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> g = gradients.Slice((b * stride) + offset, outputs);
            ReadOnlySpan<T> row = x.Slice(b * inner, inner);
            for (int r = 0; r < outputs; r++)
            {
                AddScaled(g[r], row, destination.Slice(r * inner, inner));
            }
        }
    }

    /// <summary>Adds a bias vector to a block of every row of a batch matrix.</summary>
    /// <remarks>This method effectively computes <c>destination[b, offset + r] += bias[r]</c>.</remarks>
    public static void AddBias<T>(ReadOnlySpan<T> bias, Span<T> destination, int stride, int offset, int batch)
        where T : unmanaged, INumber<T>
    {
        for (int b = 0; b < batch; b++)
        {
            Span<T> target = destination.Slice((b * stride) + offset, bias.Length);
            for (int r = 0; r < bias.Length; r++)
            {
                target[r] += bias[r];
            }
        }
    }

    /// <summary>Adds the column sums of a block of a batch matrix into a bias gradient.</summary>
    /// <remarks>This method effectively computes <c>destination[r] += Σ_b gradients[b, offset + r]</c>.</remarks>
    public static void AddColumnSums<T>(ReadOnlySpan<T> gradients, int stride, int offset, Span<T> destination, int batch)
        where T : unmanaged, INumber<T>
    {
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> g = gradients.Slice((b * stride) + offset, destination.Length);
            for (int r = 0; r < destination.Length; r++)
            {
                destination[r] += g[r];
            }
        }
    }
}
