namespace EdgeLstm.Model.Cells;

/// <summary>Describes one cell kind (DESIGN.md's cell table): its gates, which of them the input weights, the
/// recurrent weights and the biases feed, the peephole, the candidate gate and whether it keeps a cell state. Every
/// layer reads it: the float cells, the integer factory and step, the quantizer, the parameter count and the CLI.</summary>
/// <remarks>
/// Tensors in storage order: <c>weight_ih</c> [|input gates|·n × m], <c>weight_hh</c> [|recurrent gates|·n × n],
/// <c>bias</c> [|bias gates|·n] (added to the gate's whole pre-activation), <c>bias_hh</c> [|recurrent bias gates|·n]
/// (added to the recurrent term only, which matters where that term is gated: PyTorch's b_hn), <c>peephole</c> [n];
/// each present when its range is non-empty (the peephole when the kind supports it and it is switched on).
/// </remarks>
internal sealed class CellDescriptor
{
    private static readonly CellDescriptor[] s_all =
    [
        Lstm(CellKind.Lstm, "lstm", input: new(0, 4), recurrent: new(0, 4), bias: new(0, 4)),
        new(CellKind.Lite, "lite", gateCount: 2, candidateGate: 1, input: new(0, 2), recurrent: new(0, 2), bias: new(0, 2), GateRange.None)
        {
            SupportsPeephole = true,
            InputGate = 0,
            ForgetGate = 0,
            OutputGate = 0,
        },
        Lstm(CellKind.Slim1, "slim1", input: new(2, 1), recurrent: new(0, 4), bias: new(0, 4)),
        Lstm(CellKind.Slim2, "slim2", input: new(2, 1), recurrent: new(0, 4), bias: new(2, 1)),
        Lstm(CellKind.Slim3, "slim3", input: new(2, 1), recurrent: new(2, 1), bias: new(0, 4)),
        new(CellKind.Gru, "gru", gateCount: 3, candidateGate: 2, input: new(0, 3), recurrent: new(0, 3), bias: new(0, 3), recurrentBias: new(0, 3))
        {
            HasCellState = false,
            ResetGate = 0,
            UpdateGate = 1,
        },
    ];

    private CellDescriptor(CellKind kind, string name, int gateCount, int candidateGate, GateRange input, GateRange recurrent, GateRange bias, GateRange recurrentBias)
    {
        Kind = kind;
        Name = name;
        GateCount = gateCount;
        CandidateGate = candidateGate;
        InputGates = input;
        RecurrentGates = recurrent;
        BiasGates = bias;
        RecurrentBiasGates = recurrentBias;
    }

    /// <summary>Gets every cell kind's descriptor, in the order of <see cref="CellKind"/>.</summary>
    public static IReadOnlyList<CellDescriptor> All => s_all;

    /// <summary>Gets the kind.</summary>
    public CellKind Kind { get; }

    /// <summary>Gets the name the model file and the CLI use.</summary>
    public string Name { get; }

    /// <summary>Gets the number of stacked gate blocks of n rows: 4 (i, f, g, o), 2 for lite (s, g), 3 for gru (r, z, n).</summary>
    public int GateCount { get; }

    /// <summary>Gets the index of the candidate gate, the one that goes through tanh.</summary>
    public int CandidateGate { get; }

    /// <summary>Gets the gates the input weights feed.</summary>
    public GateRange InputGates { get; }

    /// <summary>Gets the gates the recurrent weights feed.</summary>
    public GateRange RecurrentGates { get; }

    /// <summary>Gets the gates that have a bias on their whole pre-activation.</summary>
    public GateRange BiasGates { get; }

    /// <summary>Gets the gates that have a bias on their recurrent term (gru's b_hh); empty for the others.</summary>
    public GateRange RecurrentBiasGates { get; }

    /// <summary>Gets a value indicating whether the kind can have the diagonal peephole p⊙c on gate 0 (lite).</summary>
    public bool SupportsPeephole { get; private init; }

    /// <summary>Gets a value indicating whether the kind keeps a cell state c beside h (every kind but gru).</summary>
    public bool HasCellState { get; private init; } = true;

    /// <summary>Gets the gate used as input gate i of c' = f⊙c + i⊙g (cell-state kinds).</summary>
    public int InputGate { get; private init; } = -1;

    /// <summary>Gets the gate used as forget gate f (cell-state kinds).</summary>
    public int ForgetGate { get; private init; } = -1;

    /// <summary>Gets the gate used as output gate o of h' = o⊙tanh(c') (cell-state kinds).</summary>
    public int OutputGate { get; private init; } = -1;

    /// <summary>Gets the reset gate r whose product with the candidate's recurrent term (plus its recurrent bias) enters the candidate (gru), or −1.</summary>
    public int ResetGate { get; private init; } = -1;

    /// <summary>Gets the update gate z of h' = (1 − z)⊙n + z⊙h (gru), or −1.</summary>
    public int UpdateGate { get; private init; } = -1;

    /// <summary>Gets the descriptor of a kind.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The kind is unknown.</exception>
    public static CellDescriptor For(CellKind kind) =>
        (uint)kind < (uint)s_all.Length && s_all[(int)kind].Kind == kind
            ? s_all[(int)kind]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown cell kind.");

    /// <summary>Finds the descriptor whose name is <paramref name="name"/>, ignoring case.</summary>
    public static bool TryParse(string name, out CellDescriptor descriptor)
    {
        descriptor = s_all.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase))!;
        return descriptor is not null;
    }

    /// <summary>Returns whether the peephole is present for the configuration's switch.</summary>
    public bool HasPeephole(bool peephole) => SupportsPeephole && peephole;

    /// <summary>Returns the number of parameters of a cell with input width m and hidden width n.</summary>
    public int ParameterCount(int inputSize, int hiddenSize, bool peephole)
    {
        int n = hiddenSize;
        return checked((InputGates.Count * n * inputSize) + (RecurrentGates.Count * n * n) + ((BiasGates.Count + RecurrentBiasGates.Count) * n) + (HasPeephole(peephole) ? n : 0));
    }

    /// <summary>Returns the parameter tensors' names (relative to the cell) and shapes, in storage order.</summary>
    public IEnumerable<(string Name, int[] Shape)> Tensors(int inputSize, int hiddenSize, bool peephole)
    {
        int n = hiddenSize;
        if (InputGates.Count > 0)
        {
            yield return ("weight_ih", [InputGates.Count * n, inputSize]);
        }

        if (RecurrentGates.Count > 0)
        {
            yield return ("weight_hh", [RecurrentGates.Count * n, n]);
        }

        if (BiasGates.Count > 0)
        {
            yield return ("bias", [BiasGates.Count * n]);
        }

        if (RecurrentBiasGates.Count > 0)
        {
            yield return ("bias_hh", [RecurrentBiasGates.Count * n]);
        }

        if (HasPeephole(peephole))
        {
            yield return ("peephole", [n]);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    // The kinds with the LSTM update c' = f⊙c + i⊙g, h' = o⊙tanh(c') over gates i, f, g, o.
    private static CellDescriptor Lstm(CellKind kind, string name, GateRange input, GateRange recurrent, GateRange bias) =>
        new(kind, name, gateCount: 4, candidateGate: 2, input, recurrent, bias, GateRange.None)
        {
            InputGate = 0,
            ForgetGate = 1,
            OutputGate = 3,
        };
}
