namespace EdgeLstm.Trainer.Data;

/// <summary>Says how <see cref="Preprocessor.Fit"/> encodes and transforms columns.</summary>
internal sealed record PreprocessorOptions
{
    /// <summary>Gets the most values of a categorical column that get their own one-hot input; rarer values share the <c>column=&lt;other&gt;</c> input. Default 100 (enough for every NSL-KDD service).</summary>
    public int MaxCategories { get; init; } = 100;

    /// <summary>Gets a value indicating whether heavy-tailed numeric columns are log1p-transformed before standardization.</summary>
    public bool LogTransformHeavyTails { get; init; } = true;

    /// <summary>Gets the skewness above which a non-negative numeric column counts as heavy-tailed. Default 2.</summary>
    public double HeavyTailSkewness { get; init; } = 2.0;
}
