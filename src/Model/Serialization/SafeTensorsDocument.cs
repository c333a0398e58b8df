using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;

namespace EdgeLstm.Model.Serialization;

/// <summary>
/// Represents the validated content of a safetensors file: its string metadata and its tensors.
/// </summary>
/// <remarks>
/// <see cref="SafeTensorsReader"/> creates documents; every tensor in a document has been checked
/// against the file format, so a consumer only checks what its own model expects.
/// </remarks>
public sealed class SafeTensorsDocument
{
    private readonly Dictionary<string, SafeTensor> _byName;

    internal SafeTensorsDocument(Dictionary<string, string> metadata, List<SafeTensor> tensors)
    {
        Metadata = new ReadOnlyDictionary<string, string>(metadata);
        Tensors = tensors.AsReadOnly();
        _byName = tensors.ToDictionary(tensor => tensor.Name, StringComparer.Ordinal);
    }

    /// <summary>Gets the string metadata of the file, empty when the file has none.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Gets the tensors in the order of their data in the file.</summary>
    public IReadOnlyList<SafeTensor> Tensors { get; }

    /// <summary>Gets the tensor with the specified name.</summary>
    /// <param name="name">The tensor name.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ModelFormatException">The file has no tensor with that name.</exception>
    public SafeTensor GetTensor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out SafeTensor? tensor)
            ? tensor
            : throw new ModelFormatException($"Tensor '{name}' is missing from the model file.");
    }

    /// <summary>Gets the tensor with the specified name, if the file has one.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="tensor">When this method returns <see langword="true"/>, the tensor.</param>
    /// <returns><see langword="true"/> if the file has a tensor with that name; otherwise, <see langword="false"/>.</returns>
    public bool TryGetTensor(string name, [NotNullWhen(true)] out SafeTensor? tensor)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out tensor);
    }

    /// <summary>Gets the metadata value with the specified key.</summary>
    /// <param name="key">The metadata key, such as <c>"edgelstm.format"</c>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ModelFormatException">The file has no metadata with that key.</exception>
    public string GetMetadata(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Metadata.TryGetValue(key, out string? value)
            ? value
            : throw new ModelFormatException($"Metadata key '{key}' is missing from the model file.");
    }
}
