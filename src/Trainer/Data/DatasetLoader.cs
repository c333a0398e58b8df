namespace EdgeLstm.Trainer.Data;

/// <summary>Reads a dataset of any supported format (see <see cref="DatasetFormat"/>) into a record table.</summary>
internal static class DatasetLoader
{
    /// <summary>Reads the files of a dataset.</summary>
    /// <param name="spec">Where and how.</param>
    /// <param name="fitted">The preprocessor of a trained model, so that only its columns are read; null when fitting.</param>
    /// <exception cref="DatasetFormatException">A file is malformed; the message names file, line and column.</exception>
    /// <exception cref="UsageException">The format is unknown or no file is given.</exception>
    public static RecordTable Read(DatasetSpec spec, Preprocessor? fitted = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Paths.Count == 0)
        {
            throw new UsageException("No data file was given.");
        }

        foreach (string path in spec.Paths)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
            }
        }

        return spec.Descriptor.Read(spec, fitted);
    }

    /// <summary>Returns the class map of a dataset: NSL-KDD's five classes or binary benign/attack, or the label values.</summary>
    public static ClassMap Classes(DatasetSpec spec, RecordTable training)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.MultiClass)
        {
            return ClassMap.Binary(spec.Benign);
        }

        return spec.Descriptor.MultiClass(spec, training);
    }
}
