namespace EdgeLstm.Model.Quantization;

/// <summary>Specifies the recurrent cell an integer cell implements (the cells of DESIGN.md).</summary>
internal enum QuantizedCellKind
{
    /// <summary>LSTM: i, f, o = σ(W x + U h + b), g = tanh(W_g x + U_g h + b_g).</summary>
    Lstm,

    /// <summary>LiteLSTM: one shared gate s = σ(W_s x + U_s h + p⊙c + b_s) used as forget, input and output gate.</summary>
    Lite,

    /// <summary>SLIM LSTM 1: i, f, o = σ(U h + b).</summary>
    Slim1,

    /// <summary>SLIM LSTM 2: i, f, o = σ(U h).</summary>
    Slim2,

    /// <summary>SLIM LSTM 3: i, f, o = σ(b).</summary>
    Slim3,
}
