using System.Numerics;
using EdgeLstm.Model.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Implements the cells that share the LSTM update (lstm and the SLIM variants) and differ only in which
/// gate blocks the input weights, the recurrent weights and the bias feed (their <see cref="CellDescriptor"/>).</summary>
/// <remarks>
/// Pre-activations z = [z_i, z_f, z_g, z_o] (gate order of PyTorch). i, f, o = σ(z), g = tanh(z_g),
/// c' = f⊙c + i⊙g, h' = o⊙tanh(c'). Cache per row: i, f, g, o, tanh(c').
/// </remarks>
internal sealed class GatedLstmCell<T> : RecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int GateCount = 4;

    public GatedLstmCell(CellDescriptor descriptor, int inputSize, int hiddenSize)
        : base(descriptor, inputSize, hiddenSize, peephole: false)
    {
        if (descriptor.GateCount != GateCount || !descriptor.HasCellState || descriptor.SupportsPeephole || descriptor.RecurrentBiasGates.Count > 0)
        {
            throw new ArgumentException($"Cell kind {descriptor} does not have the LSTM update over gates i, f, g, o.", nameof(descriptor));
        }
    }

    /// <inheritdoc/>
    public override int CacheWidth => 5 * HiddenSize;

    /// <inheritdoc/>
    public override int ScratchWidth => GateCount * HiddenSize;

    /// <inheritdoc/>
    public override void Forward(
        ReadOnlySpan<T> parameters, int batch, ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev, Span<T> h, Span<T> c, Span<T> cache)
    {
        int n = HiddenSize;
        int width = CacheWidth;
        Span<T> z = cache[..(batch * width)];
        z.Clear();

        // The pre-activations are accumulated in the cache's gate columns, then activated in place.
        if (InputTensor >= 0)
        {
            DenseMath.AddProductTransposed(x, batch, Slice(parameters, InputTensor), z, width, Descriptor.InputGates.First * n);
        }

        if (RecurrentTensor >= 0)
        {
            DenseMath.AddProductTransposed(hPrev, batch, Slice(parameters, RecurrentTensor), z, width, Descriptor.RecurrentGates.First * n);
        }

        if (BiasTensor >= 0)
        {
            DenseMath.AddBias(Slice(parameters, BiasTensor), z, width, Descriptor.BiasGates.First * n, batch);
        }

        for (int b = 0; b < batch; b++)
        {
            Span<T> row = z.Slice(b * width, width);
            Span<T> i = row[..n];
            Span<T> f = row.Slice(n, n);
            Span<T> g = row.Slice(2 * n, n);
            Span<T> o = row.Slice(3 * n, n);
            Span<T> tanhC = row.Slice(4 * n, n);
            Activation.Sigmoid(row[..(2 * n)]);
            Activation.Tanh(g);
            Activation.Sigmoid(o);
            ReadOnlySpan<T> cOld = cPrev.Slice(b * n, n);
            Span<T> cNew = c.Slice(b * n, n);
            Span<T> hNew = h.Slice(b * n, n);
            for (int k = 0; k < n; k++)
            {
                T cell = (f[k] * cOld[k]) + (i[k] * g[k]);
                T squashed = T.Tanh(cell);
                cNew[k] = cell;
                tanhC[k] = squashed;
                hNew[k] = o[k] * squashed;
            }
        }
    }

    /// <inheritdoc/>
    public override void Backward(
        ReadOnlySpan<T> parameters,
        int batch,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> hPrev,
        ReadOnlySpan<T> cPrev,
        ReadOnlySpan<T> cache,
        ReadOnlySpan<T> dh,
        Span<T> dc,
        Span<T> dhPrev,
        Span<T> gradients,
        Span<T> scratch)
    {
        int n = HiddenSize;
        int width = CacheWidth;
        int dzWidth = ScratchWidth;
        Span<T> dz = scratch[..(batch * dzWidth)];
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> row = cache.Slice(b * width, width);
            Span<T> dzRow = dz.Slice(b * dzWidth, dzWidth);
            for (int k = 0; k < n; k++)
            {
                T i = row[k];
                T f = row[n + k];
                T g = row[(2 * n) + k];
                T o = row[(3 * n) + k];
                T tanhC = row[(4 * n) + k];
                T dhk = dh[(b * n) + k];
                T dcNew = dc[(b * n) + k] + (dhk * o * (T.One - (tanhC * tanhC)));
                dzRow[k] = dcNew * g * i * (T.One - i);
                dzRow[n + k] = dcNew * cPrev[(b * n) + k] * f * (T.One - f);
                dzRow[(2 * n) + k] = dcNew * i * (T.One - (g * g));
                dzRow[(3 * n) + k] = dhk * tanhC * o * (T.One - o);
                dc[(b * n) + k] = dcNew * f;
            }
        }

        BackwardProjections(parameters, batch, x, hPrev, dz, dz, dzWidth, dhPrev, gradients);
    }
}
