namespace EdgeLstm.Model;

/// <summary>Describes the features a model reads and the transform and standardization fitted on its training data.</summary>
/// <remarks>A feature value v becomes (t(v) − mean) / std, where t is the named transform (<c>none</c> or <c>log1p</c>).</remarks>
public sealed record FeatureNormalization
{
    /// <summary>Gets the schema name (for example <c>edgelstm.host-window</c> or <c>nsl-kdd</c>).</summary>
    public string Schema { get; init; } = "";

    /// <summary>Gets the schema version; a model refuses a source whose schema name or version differs.</summary>
    public int Version { get; init; } = 1;

    /// <summary>Gets the feature names, in input order.</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Gets the transform of each feature: <c>none</c> or <c>log1p</c>.</summary>
    public IReadOnlyList<string> Transforms { get; init; } = [];

    /// <summary>Gets the mean of each transformed feature.</summary>
    public IReadOnlyList<double> Means { get; init; } = [];

    /// <summary>Gets the standard deviation of each transformed feature (1 where the feature was constant).</summary>
    public IReadOnlyList<double> StandardDeviations { get; init; } = [];

    /// <summary>Gets the window length in seconds for traffic features; 0 for record datasets.</summary>
    public double WindowSeconds { get; init; }

    /// <summary>Standardizes one raw feature vector in place.</summary>
    public void Apply(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (Transforms[i] == "log1p")
            {
                v = Math.Log(1.0 + Math.Max(v, 0.0));
            }

            values[i] = (float)((v - Means[i]) / StandardDeviations[i]);
        }
    }

    /// <summary>Returns the standardized silence vector: the input of a window without packets (every raw feature 0),
    /// which stands for a host's history before it appeared and for windows in which it neither sent nor received.</summary>
    public float[] Silence()
    {
        var silence = new float[Names.Count];
        Apply(silence);
        return silence;
    }

    /// <summary>Returns the value in the feature's own unit whose standardized value is <paramref name="standardized"/>:
    /// the inverse of <see cref="Apply"/> for one feature.</summary>
    /// <param name="index">The feature index.</param>
    /// <param name="standardized">The standardized value, such as a next-step model's prediction.</param>
    /// <returns>The value, finite and, for a <c>log1p</c> feature, not negative (the transform reads negative values as 0).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a feature index.</exception>
    /// <remarks>This method effectively computes t⁻¹(mean + std · standardized), with t⁻¹ = expm1 for <c>log1p</c>.</remarks>
    public double Restore(int index, double standardized)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Names.Count);
        double transformed = Means[index] + (StandardDeviations[index] * standardized);
        double value = Transforms[index] == "log1p" ? Math.Max(double.ExpM1(transformed), 0.0) : transformed;

        // A prediction far outside the training range would overflow expm1; the largest finite value still reads as "huge".
        return double.IsNaN(value) ? 0.0 : Math.Clamp(value, double.MinValue, double.MaxValue);
    }

    internal void Validate(int inputSize)
    {
        ModelConfig.Require(Names.Count == inputSize, $"features.names has {Names.Count} names but input_size is {inputSize}");
        ModelConfig.Require(Transforms.Count == inputSize, $"features.transforms has {Transforms.Count} entries but input_size is {inputSize}");
        ModelConfig.Require(Means.Count == inputSize, $"features.means has {Means.Count} entries but input_size is {inputSize}");
        ModelConfig.Require(StandardDeviations.Count == inputSize, $"features.standard_deviations has {StandardDeviations.Count} entries but input_size is {inputSize}");
        for (int i = 0; i < inputSize; i++)
        {
            ModelConfig.Require(Transforms[i] is "none" or "log1p", $"features.transforms[{i}] '{Transforms[i]}' is not 'none' or 'log1p'");
            ModelConfig.Require(double.IsFinite(Means[i]), $"features.means[{i}] is not finite");
            ModelConfig.Require(double.IsFinite(StandardDeviations[i]) && StandardDeviations[i] > 0, $"features.standard_deviations[{i}] is not a positive number");
        }
    }
}
