using System.Text.Json.Serialization;

namespace EdgeLstm.Model;

/// <summary>Describes how a model file stores its weight matrices: the <c>compression</c> section of <c>edgelstm.config</c>.</summary>
/// <remarks>
/// Sparse storage applies to the cell's <c>weight_ih</c> and <c>weight_hh</c> (biases, peepholes and the head stay
/// dense, as SET trains them); FloatSD8 storage applies to every weight matrix, the head's included.
/// </remarks>
public sealed record ModelCompression
{
    /// <summary>Gets a value indicating whether the cell's weight matrices are stored in compressed sparse rows.</summary>
    public bool Sparse { get; init; }

    /// <summary>Gets a value indicating whether the weight matrices are stored as FloatSD8 codes with one offset per tensor.</summary>
    [JsonPropertyName("floatsd8")]
    public bool FloatSD8 { get; init; }

    /// <summary>Returns whether sparse storage applies to a tensor of a model.</summary>
    public static bool IsSparseCandidate(TensorSpec tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.Name is "cell.weight_ih" or "cell.weight_hh";
    }

    /// <summary>Returns whether FloatSD8 storage applies to a tensor of a model.</summary>
    public static bool IsFloatSD8Candidate(TensorSpec tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return tensor.Shape.Count == 2;
    }
}
