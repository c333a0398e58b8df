namespace EdgeLstm.Model;

/// <summary>Records where a model came from, so a result can be traced and reproduced.</summary>
public sealed record ModelProvenance
{
    /// <summary>Gets the SHA-256 of the training data, hex.</summary>
    public string DataHash { get; init; } = "";

    /// <summary>Gets the random seed of training.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the model's name, for people: what alerts and the agent's status show beside the content hash.</summary>
    public string Name { get; init; } = "";

    /// <summary>Gets when the model was made (whole seconds, UTC), or <see langword="null"/> in files written before it
    /// was recorded. A signed file carries it inside the signed bytes, so the agent can refuse an older signed model than
    /// the one it runs (a rollback).</summary>
    public DateTimeOffset? Created { get; init; }

    /// <summary>Gets the command or tool that made the model.</summary>
    public string Tool { get; init; } = "";

    /// <summary>Gets the evaluation metrics measured at training time, by name; <see langword="null"/> (JSON null) marks a
    /// metric that is undefined on the evaluation data, such as the ROC AUC when it held no attack.</summary>
    public IReadOnlyDictionary<string, double?> Metrics { get; init; } = new SortedDictionary<string, double?>(StringComparer.Ordinal);
}
