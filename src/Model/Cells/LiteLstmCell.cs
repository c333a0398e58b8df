using System.Numerics;
using EdgeLstm.Model.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Implements LiteLSTM: one shared gate serves as forget, input and output gate.</summary>
/// <remarks>
/// s = σ(W_s x + U_s h + p⊙c + b_s), g = tanh(W_g x + U_g h + b_g), c' = s⊙c + s⊙g, h' = s⊙tanh(c').
/// Tensors (<see cref="CellDescriptor"/>): <c>weight_ih</c> [2n × m], <c>weight_hh</c> [2n × n], <c>bias</c> [2n]
/// (blocks s, g) and, when the diagonal peephole is on, <c>peephole</c> [n]. Cache per row: s, g, tanh(c').
/// </remarks>
internal sealed class LiteLstmCell<T> : RecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public LiteLstmCell(int inputSize, int hiddenSize, bool peephole)
        : base(CellDescriptor.For(CellKind.Lite), inputSize, hiddenSize, peephole)
    {
    }

    /// <inheritdoc/>
    public override int CacheWidth => 3 * HiddenSize;

    /// <inheritdoc/>
    public override int ScratchWidth => 2 * HiddenSize;

    /// <inheritdoc/>
    public override void Forward(
        ReadOnlySpan<T> parameters, int batch, ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev, Span<T> h, Span<T> c, Span<T> cache)
    {
        int n = HiddenSize;
        int width = CacheWidth;
        Span<T> z = cache[..(batch * width)];
        z.Clear();
        DenseMath.AddProductTransposed(x, batch, Slice(parameters, InputTensor), z, width, 0);
        DenseMath.AddProductTransposed(hPrev, batch, Slice(parameters, RecurrentTensor), z, width, 0);
        DenseMath.AddBias(Slice(parameters, BiasTensor), z, width, 0, batch);
        ReadOnlySpan<T> peephole = HasPeephole ? Slice(parameters, PeepholeTensor) : default;

        for (int b = 0; b < batch; b++)
        {
            Span<T> row = z.Slice(b * width, width);
            ReadOnlySpan<T> cOld = cPrev.Slice(b * n, n);
            Span<T> cNew = c.Slice(b * n, n);
            Span<T> hNew = h.Slice(b * n, n);
            for (int k = 0; k < n; k++)
            {
                T preShared = HasPeephole ? row[k] + (peephole[k] * cOld[k]) : row[k];
                T s = Activation.Sigmoid(preShared);
                T g = T.Tanh(row[n + k]);
                T cell = s * (cOld[k] + g);
                T squashed = T.Tanh(cell);
                row[k] = s;
                row[n + k] = g;
                row[(2 * n) + k] = squashed;
                cNew[k] = cell;
                hNew[k] = s * squashed;
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
        ReadOnlySpan<T> peephole = HasPeephole ? Slice(parameters, PeepholeTensor) : default;
        Span<T> peepholeGradient = HasPeephole ? Slice(gradients, PeepholeTensor) : default;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> row = cache.Slice(b * width, width);
            Span<T> dzRow = dz.Slice(b * dzWidth, dzWidth);
            for (int k = 0; k < n; k++)
            {
                T s = row[k];
                T g = row[n + k];
                T tanhC = row[(2 * n) + k];
                T cOld = cPrev[(b * n) + k];
                T dhk = dh[(b * n) + k];
                T dcNew = dc[(b * n) + k] + (dhk * s * (T.One - (tanhC * tanhC)));

                // s is the output gate (h' = s·tanh c') and the forget and input gate (c' = s·(c + g)).
                T ds = (dhk * tanhC) + (dcNew * (cOld + g));
                T dzShared = ds * s * (T.One - s);
                dzRow[k] = dzShared;
                dzRow[n + k] = dcNew * s * (T.One - (g * g));
                T dcOld = dcNew * s;
                if (HasPeephole)
                {
                    dcOld += dzShared * peephole[k];
                    peepholeGradient[k] += dzShared * cOld;
                }

                dc[(b * n) + k] = dcOld;
            }
        }

        BackwardProjections(parameters, batch, x, hPrev, dz, dz, dzWidth, dhPrev, gradients);
    }
}
