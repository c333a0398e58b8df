using System.Numerics;
using EdgeLstm.Model.Numerics;

namespace EdgeLstm.Model.Cells;

/// <summary>Defines one recurrent cell: its parameter tensors and one batched time step forward and backward.</summary>
/// <typeparam name="T">The float type: <see cref="float"/> for training, <see cref="double"/> for gradient checks.</typeparam>
/// <remarks>
/// Every buffer is a batch matrix (one row per sequence). The cell never allocates: the caller owns the
/// per-step cache (<see cref="CacheWidth"/> values per row) and the backward scratch
/// (<see cref="ScratchWidth"/> values per row). A variant is one <see cref="CellDescriptor"/>, one subclass (or an
/// existing one it shares the update with) and one line in <see cref="CellFactory"/>; the tensors come from the descriptor.
/// </remarks>
internal abstract class RecurrentCell<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TensorSpec[] _tensors;

    protected RecurrentCell(CellDescriptor descriptor, int inputSize, int hiddenSize, bool peephole)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        Descriptor = descriptor;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        HasPeephole = descriptor.HasPeephole(peephole);
        _tensors = Layout(descriptor.Tensors(inputSize, hiddenSize, peephole));
        InputTensor = IndexOf("weight_ih");
        RecurrentTensor = IndexOf("weight_hh");
        BiasTensor = IndexOf("bias");
        RecurrentBiasTensor = IndexOf("bias_hh");
        PeepholeTensor = IndexOf("peephole");
    }

    /// <summary>Gets the description of the cell kind.</summary>
    public CellDescriptor Descriptor { get; }

    /// <summary>Gets the cell kind.</summary>
    public CellKind Kind => Descriptor.Kind;

    /// <summary>Gets a value indicating whether the cell has the diagonal peephole (lite with the peephole on).</summary>
    public bool HasPeephole { get; }

    /// <summary>Gets the input width m.</summary>
    public int InputSize { get; }

    /// <summary>Gets the hidden width n.</summary>
    public int HiddenSize { get; }

    /// <summary>Gets the parameter tensors in storage order, with names relative to the cell and offsets from 0.</summary>
    public IReadOnlyList<TensorSpec> Tensors => _tensors;

    /// <summary>Gets the total number of parameters.</summary>
    public int ParameterCount => Tensors.Sum(t => t.Length);

    /// <summary>Gets the number of multiply-accumulates one step costs for one sequence.</summary>
    public int MultiplyAccumulatesPerStep => Tensors.Where(t => t.Shape.Count == 2).Sum(t => t.Length);

    /// <summary>Gets the number of cached values per row and step that the backward pass needs.</summary>
    public abstract int CacheWidth { get; }

    /// <summary>Gets the number of scratch values per row that the backward pass needs.</summary>
    public abstract int ScratchWidth { get; }

    /// <summary>Fills the parameters as PyTorch does: uniform in [−1/√n, 1/√n].</summary>
    public void Initialize(Span<T> parameters, Random random)
    {
        double bound = 1.0 / Math.Sqrt(HiddenSize);
        for (int i = 0; i < parameters.Length; i++)
        {
            parameters[i] = T.CreateChecked(((random.NextDouble() * 2.0) - 1.0) * bound);
        }
    }

    /// <summary>Runs one time step for a batch.</summary>
    /// <param name="parameters">The cell's parameters, laid out as <see cref="Tensors"/>.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="x">The inputs [batch × m].</param>
    /// <param name="hPrev">The previous hidden state [batch × n].</param>
    /// <param name="cPrev">The previous cell state [batch × n].</param>
    /// <param name="h">The new hidden state [batch × n].</param>
    /// <param name="c">The new cell state [batch × n].</param>
    /// <param name="cache">The values kept for the backward pass [batch × <see cref="CacheWidth"/>].</param>
    public abstract void Forward(
        ReadOnlySpan<T> parameters, int batch, ReadOnlySpan<T> x, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev, Span<T> h, Span<T> c, Span<T> cache);

    /// <summary>Back-propagates one time step for a batch.</summary>
    /// <param name="parameters">The cell's parameters.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="x">The step's inputs [batch × m].</param>
    /// <param name="hPrev">The previous hidden state [batch × n].</param>
    /// <param name="cPrev">The previous cell state [batch × n].</param>
    /// <param name="cache">The values the forward step kept.</param>
    /// <param name="dh">The loss gradient with respect to the new hidden state.</param>
    /// <param name="dc">On entry the loss gradient with respect to the new cell state; on return with respect to the previous one.</param>
    /// <param name="dhPrev">Receives the loss gradient with respect to the previous hidden state (overwritten).</param>
    /// <param name="gradients">The parameter gradients, laid out as <see cref="Tensors"/>, added into.</param>
    /// <param name="scratch">Scratch space [batch × <see cref="ScratchWidth"/>].</param>
    public abstract void Backward(
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
        Span<T> scratch);

    /// <summary>Gets the index of <c>weight_ih</c> in <see cref="Tensors"/>, or −1.</summary>
    protected int InputTensor { get; }

    /// <summary>Gets the index of <c>weight_hh</c>, or −1.</summary>
    protected int RecurrentTensor { get; }

    /// <summary>Gets the index of <c>bias</c>, or −1.</summary>
    protected int BiasTensor { get; }

    /// <summary>Gets the index of <c>bias_hh</c>, or −1.</summary>
    protected int RecurrentBiasTensor { get; }

    /// <summary>Gets the index of <c>peephole</c>, or −1.</summary>
    protected int PeepholeTensor { get; }

    /// <summary>Adds the parameter gradients of the projections and writes the gradient of the previous hidden state
    /// through U, from the pre-activation gradients of a batch: the tail every cell's backward pass shares.</summary>
    /// <param name="parameters">The cell's parameters.</param>
    /// <param name="batch">The number of rows.</param>
    /// <param name="x">The step's inputs [batch × m].</param>
    /// <param name="hPrev">The previous hidden state [batch × n].</param>
    /// <param name="inputDz">The gradients of the gate pre-activations [batch × stride], gate blocks in the kind's order:
    /// they reach <c>weight_ih</c> and <c>bias</c>.</param>
    /// <param name="recurrentDz">The gradients of the recurrent terms, laid out as <paramref name="inputDz"/> (the same
    /// span unless a recurrent term is gated, as gru's U_n h + b_hn is): they reach <c>weight_hh</c>, <c>bias_hh</c> and h.</param>
    /// <param name="stride">The row width of the two gradient matrices.</param>
    /// <param name="dhPrev">Receives the gradient with respect to h through U (overwritten).</param>
    /// <param name="gradients">The parameter gradients, added into.</param>
    protected void BackwardProjections(
        ReadOnlySpan<T> parameters,
        int batch,
        ReadOnlySpan<T> x,
        ReadOnlySpan<T> hPrev,
        ReadOnlySpan<T> inputDz,
        ReadOnlySpan<T> recurrentDz,
        int stride,
        Span<T> dhPrev,
        Span<T> gradients)
    {
        int n = HiddenSize;
        CellDescriptor d = Descriptor;
        dhPrev[..(batch * n)].Clear();
        if (InputTensor >= 0)
        {
            DenseMath.AddOuterProducts(inputDz, stride, d.InputGates.First * n, x, Slice(gradients, InputTensor), batch);
        }

        if (RecurrentTensor >= 0)
        {
            DenseMath.AddOuterProducts(recurrentDz, stride, d.RecurrentGates.First * n, hPrev, Slice(gradients, RecurrentTensor), batch);
            DenseMath.AddProduct(recurrentDz, stride, d.RecurrentGates.First * n, Slice(parameters, RecurrentTensor), dhPrev[..(batch * n)], batch);
        }

        if (BiasTensor >= 0)
        {
            DenseMath.AddColumnSums(inputDz, stride, d.BiasGates.First * n, Slice(gradients, BiasTensor), batch);
        }

        if (RecurrentBiasTensor >= 0)
        {
            DenseMath.AddColumnSums(recurrentDz, stride, d.RecurrentBiasGates.First * n, Slice(gradients, RecurrentBiasTensor), batch);
        }
    }

    /// <summary>Returns the parameters of one tensor.</summary>
    protected ReadOnlySpan<T> Slice(ReadOnlySpan<T> parameters, int tensorIndex)
    {
        TensorSpec spec = Tensors[tensorIndex];
        return parameters.Slice(spec.Offset, spec.Length);
    }

    /// <summary>Returns the gradients of one tensor.</summary>
    protected Span<T> Slice(Span<T> gradients, int tensorIndex)
    {
        TensorSpec spec = Tensors[tensorIndex];
        return gradients.Slice(spec.Offset, spec.Length);
    }

    private int IndexOf(string name)
    {
        for (int i = 0; i < _tensors.Length; i++)
        {
            if (_tensors[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    private static TensorSpec[] Layout(IEnumerable<(string Name, int[] Shape)> tensors)
    {
        var specs = new List<TensorSpec>();
        int offset = 0;
        foreach ((string name, int[] shape) in tensors)
        {
            var spec = new TensorSpec(name, shape, offset);
            specs.Add(spec);
            offset = checked(offset + spec.Length);
        }

        return [.. specs];
    }
}
