using System.Text.Json.Serialization;

namespace EdgeLstm.Model;

/// <summary>Names the recurrent cell equations of DESIGN.md.</summary>
public enum CellKind
{
    /// <summary>The standard LSTM: gates i, f, o = σ(W x + U h + b), candidate g = tanh(W_g x + U_g h + b_g).</summary>
    [JsonStringEnumMemberName("lstm")]
    Lstm,

    /// <summary>LiteLSTM: one shared gate s = σ(W_s x + U_s h + p⊙c + b_s) used as forget, input and output gate.</summary>
    [JsonStringEnumMemberName("lite")]
    Lite,

    /// <summary>SLIM LSTM 1: gates i, f, o = σ(U h + b).</summary>
    [JsonStringEnumMemberName("slim1")]
    Slim1,

    /// <summary>SLIM LSTM 2: gates i, f, o = σ(U h).</summary>
    [JsonStringEnumMemberName("slim2")]
    Slim2,

    /// <summary>SLIM LSTM 3: gates i, f, o = σ(b).</summary>
    [JsonStringEnumMemberName("slim3")]
    Slim3,

    /// <summary>GRU (PyTorch's torch.nn.GRU): r, z = σ(W x + b_i + U h + b_h), n = tanh(W_n x + b_in + r⊙(U_n h + b_hn)),
    /// h' = (1 − z)⊙n + z⊙h; no cell state.</summary>
    [JsonStringEnumMemberName("gru")]
    Gru,
}
