using EdgeLstm.Model;

namespace EdgeLstm.Trainer.Data;

/// <summary>Holds a dataset read and turned into model-ready sequences, with the preprocessing and classes used.</summary>
internal sealed class PreparedDataset
{
    /// <summary>Gets the rows read.</summary>
    public required RecordTable Table { get; init; }

    /// <summary>Gets the preprocessing (fitted on these rows when training; rebuilt from the model when evaluating).</summary>
    public required Preprocessor Preprocessor { get; init; }

    /// <summary>Gets the feature normalization to store in a model (schema, names, transforms, means, deviations, window).</summary>
    public required FeatureNormalization Normalization { get; init; }

    /// <summary>Gets the class names, benign first.</summary>
    public required IReadOnlyList<string> ClassNames { get; init; }

    /// <summary>Gets the class of each row (all 0 for unlabeled data).</summary>
    public required int[] RowLabels { get; init; }

    /// <summary>Gets the sequences.</summary>
    public required SequenceDataset Sequences { get; init; }

    /// <summary>Gets the number of categorical fields whose value had no input of its own.</summary>
    public long UnseenCategories { get; init; }

    /// <summary>Checks that the sequences hold at least two classes, as a classifier needs.</summary>
    /// <exception cref="DatasetFormatException">Fewer than two classes occur; the message names the files, the label column and the only class.</exception>
    public void RequireTwoClasses() => ClassMap.Named(ClassNames).RequireTwoClasses(Sequences.Labels, Table);

    /// <summary>Returns one line per column with missing, infinite or non-numeric values, for the training log.</summary>
    public IEnumerable<string> DescribeImputations()
    {
        foreach (TableColumn column in Table.Columns)
        {
            if (column.MissingCount + column.InfiniteCount + column.InvalidCount > 0)
            {
                yield return $"{column.Name}: {column.MissingCount} missing, {column.InfiniteCount} infinite, {column.InvalidCount} not a number; imputed with the training mean";
            }
        }
    }
}
