using EdgeLstm.Model.Cells;

namespace EdgeLstm.Model.Quantization;

/// <summary>
/// Holds the parameters of an integer recurrent cell: the integer weight matrices with their folded biases and
/// per-row requantisation, constant gate pre-activations, the optional LiteLSTM peephole, the cell-state exponent and
/// the input quantisation.
/// </summary>
/// <remarks>
/// <para>Gates are stacked in PyTorch order (<see cref="CellDescriptor"/>): i, f, g, o for lstm and slim1–3 (g, index 2,
/// is the candidate), s, g for lite (g, index 1), r, z, n for gru (n, index 2). A gate's pre-activation in Q3.12 is
/// the saturating int16 sum of its input term (if the kind has input weights for it), its recurrent term (if it has
/// recurrent weights; gru's n takes r times it), or else a stored constant, plus for the lite s gate the peephole term
/// <c>MultiplyByQuantizedMultiplier(p[u] · c[u], …)</c>. The bias lives in the input projection when the gate has one,
/// else in the recurrent one, else in the constant; a recurrent bias (gru's b_hh) lives in the recurrent projection,
/// so that b_hn is inside the reset product.</para>
/// <para>Numbers: x_j int8 with real value InputScales[j] · (x_j − InputZeroPoints[j]) (the scales are folded into
/// the columns of the input weights and the zero points into the input bias, <see cref="QuantizedCellFactory"/>); h int8 with real value h / 128; c int16
/// with real value c · 2^−CellExponent; gates Q0.15 from <see cref="IntegerActivations"/>.</para>
/// </remarks>
internal sealed class QuantizedCell
{
    /// <summary>The real value of one unit of the int8 hidden state: h is symmetric in (−1, 1).</summary>
    public const double HiddenScale = 1.0 / 128;

    /// <summary>Initializes the cell; <see cref="QuantizedCellFactory"/> derives these parameters from float weights.</summary>
    /// <exception cref="ArgumentException">The parameters do not fit the kind and sizes.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The kind is unknown.</exception>
    public QuantizedCell(
        CellKind kind,
        int inputSize,
        int hiddenSize,
        QuantizedProjection input,
        QuantizedProjection recurrent,
        short[] constantPreactivations,
        QuantizedPeephole? peephole,
        int cellExponent,
        double[] inputScales,
        int[] inputZeroPoints)
    {
        CellDescriptor descriptor = CellDescriptor.For(kind);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hiddenSize);
        ArgumentNullException.ThrowIfNull(constantPreactivations);
        ArgumentOutOfRangeException.ThrowIfNegative(cellExponent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cellExponent, 15);
        ArgumentNullException.ThrowIfNull(inputScales);
        ArgumentNullException.ThrowIfNull(inputZeroPoints);
        if (inputScales.Length != inputSize || inputZeroPoints.Length != inputSize)
        {
            throw new ArgumentException($"Expected {inputSize} input scales and zero points.", nameof(inputScales));
        }

        for (int j = 0; j < inputSize; j++)
        {
            if (!double.IsFinite(inputScales[j]) || inputScales[j] <= 0)
            {
                throw new ArgumentOutOfRangeException(nameof(inputScales), inputScales[j], $"Input scale {j} must be finite and positive.");
            }

            if (inputZeroPoints[j] is < sbyte.MinValue or > sbyte.MaxValue)
            {
                throw new ArgumentOutOfRangeException(nameof(inputZeroPoints), inputZeroPoints[j], $"Input zero point {j} must be in -128..127.");
            }
        }

        Descriptor = descriptor;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        GateCount = descriptor.GateCount;
        CandidateGate = descriptor.CandidateGate;
        InputGateRows = GateRows(descriptor.InputGates, GateCount, hiddenSize);
        RecurrentGateRows = GateRows(descriptor.RecurrentGates, GateCount, hiddenSize);
        int inputRows = descriptor.InputGates.Count * hiddenSize;
        int recurrentRows = descriptor.RecurrentGates.Count * hiddenSize;

        EveryGateHasBothProjections = inputRows == GateCount * hiddenSize && recurrentRows == GateCount * hiddenSize;
        CheckProjection(input, inputRows, inputSize, nameof(input));
        CheckProjection(recurrent, recurrentRows, hiddenSize, nameof(recurrent));
        if (constantPreactivations.Length != GateCount * hiddenSize)
        {
            throw new ArgumentException($"Expected {GateCount * hiddenSize} constant pre-activations.", nameof(constantPreactivations));
        }

        if (peephole is not null && (!descriptor.SupportsPeephole || peephole.Weights.Length != hiddenSize))
        {
            throw new ArgumentException($"A {descriptor} cell has no peephole; a lite cell has one weight per hidden unit.", nameof(peephole));
        }

        Input = input;
        Recurrent = recurrent;
        ConstantPreactivations = constantPreactivations;
        Peephole = peephole;
        CellExponent = cellExponent;
        InputScales = inputScales;
        InputZeroPoints = inputZeroPoints;
    }

    /// <summary>Gets the description of the cell kind.</summary>
    public CellDescriptor Descriptor { get; }

    /// <summary>Gets the cell kind.</summary>
    public CellKind Kind => Descriptor.Kind;

    /// <summary>Gets the input size m.</summary>
    public int InputSize { get; }

    /// <summary>Gets the hidden size n.</summary>
    public int HiddenSize { get; }

    /// <summary>Gets the number of stacked gates: 4, 2 for lite, 3 for gru.</summary>
    public int GateCount { get; }

    /// <summary>Gets the index of the candidate gate g, the one that goes through tanh.</summary>
    public int CandidateGate { get; }

    /// <summary>Gets, per gate, its first row in <see cref="Input"/>, or −1 when it has no input weights.</summary>
    public int[] InputGateRows { get; }

    /// <summary>Gets, per gate, its first row in <see cref="Recurrent"/>, or −1 when it has no recurrent weights.</summary>
    public int[] RecurrentGateRows { get; }

    /// <summary>Gets a value indicating whether every gate has input and recurrent rows, so both projections' rows follow the gate order.</summary>
    public bool EveryGateHasBothProjections { get; }

    /// <summary>Gets the input projection W: the rows of the gates with input weights (every kind has them for g).</summary>
    public QuantizedProjection Input { get; }

    /// <summary>Gets the recurrent projection U: the rows of the gates with recurrent weights (every kind has them for g).</summary>
    public QuantizedProjection Recurrent { get; }

    /// <summary>Gets the Q3.12 pre-activations of the gates that have neither input nor recurrent weights (slim3), gate-major; zero elsewhere.</summary>
    public short[] ConstantPreactivations { get; }

    /// <summary>Gets the LiteLSTM peephole, or null.</summary>
    public QuantizedPeephole? Peephole { get; }

    /// <summary>Gets k, where the real cell state is c · 2^−k.</summary>
    public int CellExponent { get; }

    /// <summary>Gets the real value of one input unit, per feature.</summary>
    public double[] InputScales { get; }

    /// <summary>Gets the int8 that represents a real input of 0, per feature.</summary>
    public int[] InputZeroPoints { get; }

    /// <summary>Quantizes real input features to int8: clamp(round(x_j / InputScales[j]) + InputZeroPoints[j]), ties away from zero; NaN becomes the zero point.</summary>
    /// <exception cref="ArgumentException">The spans are not <see cref="InputSize"/> long.</exception>
    public void QuantizeInput(ReadOnlySpan<float> features, Span<sbyte> destination)
    {
        if (features.Length != InputSize || destination.Length != InputSize)
        {
            throw new ArgumentException($"Expected {InputSize} features.", nameof(features));
        }

        for (int j = 0; j < features.Length; j++)
        {
            double scaled = Math.Round(features[j] / InputScales[j], MidpointRounding.AwayFromZero) + InputZeroPoints[j];
            destination[j] = (sbyte)Math.Clamp(double.IsNaN(scaled) ? InputZeroPoints[j] : scaled, sbyte.MinValue, sbyte.MaxValue);
        }
    }

    // Per gate, its first row in a projection that feeds the range's gates, or −1.
    private static int[] GateRows(GateRange range, int gateCount, int hiddenSize)
    {
        var rows = new int[gateCount];
        for (int gate = 0; gate < gateCount; gate++)
        {
            rows[gate] = range.Contains(gate) ? (gate - range.First) * hiddenSize : -1;
        }

        return rows;
    }

    private static void CheckProjection(QuantizedProjection projection, int rows, int columns, string name)
    {
        ArgumentNullException.ThrowIfNull(projection, name);
        if (projection.Weights.Rows != rows || projection.Weights.Columns != columns)
        {
            throw new ArgumentException($"Expected a {rows} × {columns} projection.", name);
        }
    }
}
