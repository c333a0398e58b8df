namespace EdgeLstm.Model;

/// <summary>Describes one named parameter tensor and where it lives in a model's flat parameter array.</summary>
/// <param name="Name">The tensor name, as stored in the model file (for example <c>cell.weight_ih</c>).</param>
/// <param name="Shape">The dimensions, row-major.</param>
/// <param name="Offset">The index of the first element in the flat parameter array.</param>
public sealed record TensorSpec(string Name, IReadOnlyList<int> Shape, int Offset)
{
    /// <summary>Gets the number of elements (the product of the dimensions).</summary>
    /// <remarks>Computed once: kernels read it on every step and must not enumerate the shape there.</remarks>
    public int Length { get; } = Product(Shape);

    /// <summary>Gets the shape written as <c>[a, b]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    private static int Product(IReadOnlyList<int> shape)
    {
        int length = 1;
        for (int i = 0; i < shape.Count; i++)
        {
            length = checked(length * shape[i]);
        }

        return length;
    }
}
