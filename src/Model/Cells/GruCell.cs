using System.Numerics;
using EdgeLstm.Model.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Implements the GRU of PyTorch's <c>torch.nn.GRU</c>: reset and update gates, a candidate whose recurrent
/// term is gated by the reset gate, and no cell state.</summary>
/// <remarks>
/// r = σ(W_r x + b_r + U_r h + b_hr), z = σ(W_z x + b_z + U_z h + b_hz), n = tanh(W_n x + b_n + r⊙(U_n h + b_hn)),
/// h' = (1 − z)⊙n + z⊙h. Tensors, as PyTorch's weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0 (blocks r, z, n):
/// <c>weight_ih</c> [3n × m], <c>weight_hh</c> [3n × n], <c>bias</c> [3n], <c>bias_hh</c> [3n]. The cell state is
/// not used: c' is written as 0 and no gradient flows through it. Cache per row: r, z, n, U_n h + b_hn.
/// </remarks>
internal sealed class GruCell<T> : RecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public GruCell(int inputSize, int hiddenSize)
        : base(CellDescriptor.For(CellKind.Gru), inputSize, hiddenSize, peephole: false)
    {
    }

    /// <inheritdoc/>
    public override int CacheWidth => 4 * HiddenSize;

    /// <inheritdoc/>
    public override int ScratchWidth => 6 * HiddenSize;

    /// <inheritdoc/>
    public override void Forward(
        ReadOnlySpan<T> parameters, int batch, ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev, Span<T> h, Span<T> c, Span<T> cache)
    {
        int n = HiddenSize;
        int width = CacheWidth;
        Span<T> z = cache[..(batch * width)];
        z.Clear();
        ReadOnlySpan<T> recurrent = Slice(parameters, RecurrentTensor);
        ReadOnlySpan<T> recurrentBias = Slice(parameters, RecurrentBiasTensor);

        // Columns r, z take both projections and both biases; column n the input side only; the last column U_n h + b_hn.
        DenseMath.AddProductTransposed(x, batch, Slice(parameters, InputTensor), z, width, 0);
        DenseMath.AddBias(Slice(parameters, BiasTensor), z, width, 0, batch);
        DenseMath.AddProductTransposed(hPrev, batch, recurrent[..(2 * n * n)], z, width, 0);
        DenseMath.AddBias(recurrentBias[..(2 * n)], z, width, 0, batch);
        DenseMath.AddProductTransposed(hPrev, batch, recurrent[(2 * n * n)..], z, width, 3 * n);
        DenseMath.AddBias(recurrentBias[(2 * n)..], z, width, 3 * n, batch);

        for (int b = 0; b < batch; b++)
        {
            Span<T> row = z.Slice(b * width, width);
            Activation.Sigmoid(row[..(2 * n)]);
            ReadOnlySpan<T> hOld = hPrev.Slice(b * n, n);
            Span<T> hNew = h.Slice(b * n, n);
            for (int k = 0; k < n; k++)
            {
                T r = row[k];
                T update = row[n + k];
                T candidate = T.Tanh(row[(2 * n) + k] + (r * row[(3 * n) + k]));
                row[(2 * n) + k] = candidate;
                hNew[k] = ((T.One - update) * candidate) + (update * hOld[k]);
            }
        }

        c[..(batch * n)].Clear();
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
        int dzWidth = 3 * n;
        Span<T> inputDz = scratch[..(batch * dzWidth)];
        Span<T> recurrentDz = scratch.Slice(batch * dzWidth, batch * dzWidth);
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> row = cache.Slice(b * width, width);
            Span<T> inputRow = inputDz.Slice(b * dzWidth, dzWidth);
            Span<T> recurrentRow = recurrentDz.Slice(b * dzWidth, dzWidth);
            for (int k = 0; k < n; k++)
            {
                T r = row[k];
                T update = row[n + k];
                T candidate = row[(2 * n) + k];
                T recurrentCandidate = row[(3 * n) + k];
                T dhk = dh[(b * n) + k];
                T dCandidate = dhk * (T.One - update) * (T.One - (candidate * candidate));
                T dReset = dCandidate * recurrentCandidate * r * (T.One - r);
                T dUpdate = dhk * (hPrev[(b * n) + k] - candidate) * update * (T.One - update);
                inputRow[k] = recurrentRow[k] = dReset;
                inputRow[n + k] = recurrentRow[n + k] = dUpdate;
                inputRow[(2 * n) + k] = dCandidate;
                recurrentRow[(2 * n) + k] = dCandidate * r;
            }
        }

        BackwardProjections(parameters, batch, x, hPrev, inputDz, recurrentDz, dzWidth, dhPrev, gradients);

        // h' = … + z⊙h: the direct path to the previous hidden state.
        for (int b = 0; b < batch; b++)
        {
            for (int k = 0; k < n; k++)
            {
                dhPrev[(b * n) + k] += dh[(b * n) + k] * cache[(b * width) + n + k];
            }
        }

        dc[..(batch * n)].Clear();
    }
}
