namespace EdgeLstm.Trainer.Data;

/// <summary>Describes one model input: its source column, encoding, transform and standardization.</summary>
/// <param name="Name">The input's name: the column for numbers, <c>column=value</c> or <c>column=&lt;other&gt;</c> for one-hot inputs.</param>
/// <param name="Column">The source column.</param>
/// <param name="Encoding">How the input is computed from the column.</param>
/// <param name="Category">The category value of a <see cref="FeatureEncoding.Category"/> input; otherwise <see langword="null"/>.</param>
/// <param name="Transform"><c>none</c> or <c>log1p</c>.</param>
/// <param name="Mean">The mean of the transformed input over the training rows.</param>
/// <param name="StandardDeviation">The standard deviation of the transformed input over the training rows (1 where it was constant).</param>
internal sealed record FeatureSpec(string Name, string Column, FeatureEncoding Encoding, string? Category, string Transform, double Mean, double StandardDeviation);
