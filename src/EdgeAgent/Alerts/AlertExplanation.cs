using EdgeLstm.Model;

namespace EdgeLstm.EdgeAgent.Alerts;

/// <summary>Explains an anomaly score by the features that make it: for a next-step model each feature's exact share of
/// the score, with the observed value and the model's prediction in the feature's own unit.</summary>
/// <remarks>
/// A next-step model's score is the mean over the m features of e_j², the squared standardized error of its prediction
/// of the last window (divided by one silence scale for a host's first windows), so feature j's share is e_j² / Σ e²,
/// exact and summing to 1 over all features. A classifier's
/// score is a probability of one linear head over the hidden state and has no per-feature split: its features are
/// ranked by |standardized value| (standard deviations from the training mean), the share is null and the expected
/// value is the training mean.
/// </remarks>
internal static class AlertExplanation
{
    /// <summary>The number of features an alert names.</summary>
    public const int FeatureCount = 3;

    /// <summary>Returns the features that explain a window's score, largest first.</summary>
    /// <param name="head">The model's head.</param>
    /// <param name="normalization">The model's feature normalization.</param>
    /// <param name="observed">The window's raw feature values, in the features' own units.</param>
    /// <param name="standardized">The same window standardized by <paramref name="normalization"/>.</param>
    /// <param name="outputs">The head's outputs after scoring the sequence that ends with the window: the standardized
    /// prediction of the window for a next-step head (ignored for classifiers).</param>
    /// <param name="count">How many features to return at most.</param>
    /// <returns>At most <paramref name="count"/> features, ties in feature order.</returns>
    /// <exception cref="ArgumentException">The spans do not all have one value per feature.</exception>
    public static FeatureContribution[] Explain(
        HeadKind head, FeatureNormalization normalization, ReadOnlySpan<float> observed, ReadOnlySpan<float> standardized, ReadOnlySpan<float> outputs, int count = FeatureCount)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int m = normalization.Names.Count;
        bool nextStep = head == HeadKind.NextStep;
        if (observed.Length != m || standardized.Length != m || (nextStep && outputs.Length != m))
        {
            throw new ArgumentException(
                $"The model has {m} features but the explanation got {observed.Length} observed, {standardized.Length} standardized and {outputs.Length} output values.");
        }

        var weight = new double[m];
        double total = 0;
        for (int j = 0; j < m; j++)
        {
            double error = nextStep ? (double)outputs[j] - standardized[j] : standardized[j];
            weight[j] = error * error;
            total += weight[j];
        }

        int[] order = [.. Enumerable.Range(0, m).OrderByDescending(j => weight[j]).ThenBy(j => j).Take(count)];
        var features = new FeatureContribution[order.Length];
        for (int i = 0; i < order.Length; i++)
        {
            int j = order[i];
            double? share = nextStep ? (total > 0 ? Math.Round(weight[j] / total, 4) : 0.0) : null;
            double expected = normalization.Restore(j, nextStep ? outputs[j] : 0.0);
            features[i] = new FeatureContribution(normalization.Names[j], share, Round(observed[j]), Round(expected));
        }

        return features;
    }

    // Four decimals keep "412 (expected 3.27)" readable and the payload small; beyond 1e15 rounding has nothing to cut.
    private static double Round(double value) => Math.Abs(value) >= 1e15 ? value : Math.Round(value, 4);
}
