using EdgeLstm.Model;

namespace EdgeLstm.Trainer.Sparse;

/// <summary>Holds which weights of one matrix are connected, and what the last evolution step changed.</summary>
internal sealed class SparseMask
{
    private readonly bool[] _active;

    /// <summary>Initializes an empty mask for a tensor.</summary>
    public SparseMask(TensorSpec tensor, int targetCount)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetCount, tensor.Length);
        Tensor = tensor;
        TargetCount = targetCount;
        _active = new bool[tensor.Length];
    }

    /// <summary>Gets the tensor the mask covers.</summary>
    public TensorSpec Tensor { get; }

    /// <summary>Gets the number of connections the mask keeps.</summary>
    public int TargetCount { get; }

    /// <summary>Gets the number of connections now.</summary>
    public int ActiveCount { get; private set; }

    /// <summary>Gets the fraction of the matrix that is connected.</summary>
    public double Density => (double)ActiveCount / Tensor.Length;

    /// <summary>Gets the positions (within the tensor) pruned by the last evolution step.</summary>
    public IReadOnlyList<int> LastPruned { get; internal set; } = [];

    /// <summary>Gets the positions (within the tensor) regrown by the last evolution step.</summary>
    public IReadOnlyList<int> LastRegrown { get; internal set; } = [];

    /// <summary>Returns whether the weight at a position within the tensor is connected.</summary>
    public bool IsActive(int position) => _active[position];

    /// <summary>Connects or disconnects a position within the tensor.</summary>
    public void Set(int position, bool active)
    {
        if (_active[position] != active)
        {
            _active[position] = active;
            ActiveCount += active ? 1 : -1;
        }
    }

    /// <summary>Sets the disconnected entries of a tensor-sized slice to zero.</summary>
    public void Apply(Span<float> tensorValues)
    {
        for (int i = 0; i < tensorValues.Length; i++)
        {
            if (!_active[i])
            {
                tensorValues[i] = 0;
            }
        }
    }
}
