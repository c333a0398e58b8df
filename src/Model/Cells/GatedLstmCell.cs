using System.Numerics;
using EdgeLstm.Model.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Implements the cells that share the LSTM update (lstm and the SLIM variants) and differ only in which
/// gate blocks the input weights, the recurrent weights and the bias feed.</summary>
/// <remarks>
/// Pre-activations z = [z_i, z_f, z_g, z_o] (gate order of PyTorch). i, f, o = σ(z), g = tanh(z_g),
/// c' = f⊙c + i⊙g, h' = o⊙tanh(c'). Cache per row: i, f, g, o, tanh(c'). Tensors: <c>weight_ih</c>
/// [blocks·n × m], <c>weight_hh</c> [blocks·n × n], <c>bias</c> [blocks·n], each present when its range is non-empty.
/// </remarks>
internal abstract class GatedLstmCell<T> : RecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int GateCount = 4;
    private readonly GateRange _inputRange;
    private readonly GateRange _recurrentRange;
    private readonly GateRange _biasRange;
    private readonly int _inputTensor;
    private readonly int _recurrentTensor;
    private readonly int _biasTensor;

    protected GatedLstmCell(int inputSize, int hiddenSize, GateRange input, GateRange recurrent, GateRange bias)
        : base(inputSize, hiddenSize)
    {
        _inputRange = input;
        _recurrentRange = recurrent;
        _biasRange = bias;
        int next = 0;
        _inputTensor = input.Count > 0 ? next++ : -1;
        _recurrentTensor = recurrent.Count > 0 ? next++ : -1;
        _biasTensor = bias.Count > 0 ? next : -1;
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
        if (_inputTensor >= 0)
        {
            DenseMath.AddProductTransposed(x, batch, Slice(parameters, _inputTensor), z, width, _inputRange.First * n);
        }

        if (_recurrentTensor >= 0)
        {
            DenseMath.AddProductTransposed(hPrev, batch, Slice(parameters, _recurrentTensor), z, width, _recurrentRange.First * n);
        }

        if (_biasTensor >= 0)
        {
            DenseMath.AddBias(Slice(parameters, _biasTensor), z, width, _biasRange.First * n, batch);
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

        dhPrev[..(batch * n)].Clear();
        if (_inputTensor >= 0)
        {
            DenseMath.AddOuterProducts(dz, dzWidth, _inputRange.First * n, x, Slice(gradients, _inputTensor), batch);
        }

        if (_recurrentTensor >= 0)
        {
            DenseMath.AddOuterProducts(dz, dzWidth, _recurrentRange.First * n, hPrev, Slice(gradients, _recurrentTensor), batch);
            DenseMath.AddProduct(dz, dzWidth, _recurrentRange.First * n, Slice(parameters, _recurrentTensor), dhPrev[..(batch * n)], batch);
        }

        if (_biasTensor >= 0)
        {
            DenseMath.AddColumnSums(dz, dzWidth, _biasRange.First * n, Slice(gradients, _biasTensor), batch);
        }
    }

    /// <inheritdoc/>
    protected override IEnumerable<(string Name, int[] Shape)> DescribeTensors()
    {
        int n = HiddenSize;
        if (_inputRange.Count > 0)
        {
            yield return ("weight_ih", [_inputRange.Count * n, InputSize]);
        }

        if (_recurrentRange.Count > 0)
        {
            yield return ("weight_hh", [_recurrentRange.Count * n, n]);
        }

        if (_biasRange.Count > 0)
        {
            yield return ("bias", [_biasRange.Count * n]);
        }
    }
}
