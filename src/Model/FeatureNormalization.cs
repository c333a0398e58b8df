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
