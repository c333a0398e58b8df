using Microsoft.ML.OnnxRuntime;

namespace EdgeLstm.Benchmarks.Onnx;

/// <summary>
/// Steps an ONNX LSTM exported by bench/torch_onnx_export.py (one step: x [1, 1, m], h0 and c0 [1, 1, n] in; y, h1 and
/// c1 out) on ONNX Runtime's CPU provider with one intra-op and one inter-op thread, feeding the state back the way a
/// gateway would: two IoBindings bound once over preallocated tensors, h and c ping-ponging between them, so a step is
/// one copy of the input and one <see cref="InferenceSession.RunWithBinding(RunOptions, OrtIoBinding)"/>.
/// </summary>
/// <remarks>A benchmark peer only: ONNX Runtime has no linux-arm native library, and nothing in src/ references it.</remarks>
internal sealed class OnnxLstmStep : IDisposable
{
    private readonly SessionOptions _options;
    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly float[] _input;
    private readonly float[] _output;
    private readonly float[][] _hidden;
    private readonly float[][] _cell;
    private readonly OrtValue[] _values;
    private readonly OrtIoBinding[] _bindings;
    private int _next;

    public OnnxLstmStep(string modelPath, int inputSize, int hiddenSize)
    {
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(modelPath, _options);
        _input = new float[inputSize];
        _output = new float[hiddenSize];
        _hidden = [new float[hiddenSize], new float[hiddenSize]];
        _cell = [new float[hiddenSize], new float[hiddenSize]];
        long[] inputShape = [1, 1, inputSize];
        long[] stateShape = [1, 1, hiddenSize];
        _values =
        [
            OrtValue.CreateTensorValueFromMemory(_input, inputShape),
            OrtValue.CreateTensorValueFromMemory(_output, stateShape),
            OrtValue.CreateTensorValueFromMemory(_hidden[0], stateShape),
            OrtValue.CreateTensorValueFromMemory(_cell[0], stateShape),
            OrtValue.CreateTensorValueFromMemory(_hidden[1], stateShape),
            OrtValue.CreateTensorValueFromMemory(_cell[1], stateShape),
        ];
        _bindings = [Bind(2, 4), Bind(4, 2)];
    }

    /// <summary>Gets the hidden state after the last step.</summary>
    public ReadOnlySpan<float> Hidden => _hidden[_next];

    /// <summary>Gets the cell state after the last step.</summary>
    public ReadOnlySpan<float> Cell => _cell[_next];

    /// <summary>Sets the state to zero.</summary>
    public void Reset()
    {
        _next = 0;
        Array.Clear(_hidden[0]);
        Array.Clear(_cell[0]);
    }

    /// <summary>Runs one step on <paramref name="input"/> (m values) from the current state.</summary>
    public void Step(ReadOnlySpan<float> input)
    {
        input.CopyTo(_input);
        _session.RunWithBinding(_run, _bindings[_next]);
        _next ^= 1;
    }

    public void Dispose()
    {
        foreach (OrtIoBinding binding in _bindings)
        {
            binding.Dispose();
        }

        foreach (OrtValue value in _values)
        {
            value.Dispose();
        }

        _run.Dispose();
        _session.Dispose();
        _options.Dispose();
    }

    // Binds the input and the state held by values[from], values[from + 1] to the outputs into values[to], values[to + 1].
    private OrtIoBinding Bind(int from, int to)
    {
        OrtIoBinding binding = _session.CreateIoBinding();
        binding.BindInput("x", _values[0]);
        binding.BindInput("h0", _values[from]);
        binding.BindInput("c0", _values[from + 1]);
        binding.BindOutput("y", _values[1]);
        binding.BindOutput("h1", _values[to]);
        binding.BindOutput("c1", _values[to + 1]);
        return binding;
    }
}
