namespace EdgeLstm.Trainer.Data;

/// <summary>Reads a dataset of any supported format into a record table, the one place the formats are dispatched.</summary>
internal static class DatasetLoader
{
    /// <summary>The formats <see cref="Read"/> accepts.</summary>
    public static readonly string[] Formats = ["nsl-kdd", "csv", "zeek", "flow", "features"];

    /// <summary>Reads the files of a dataset.</summary>
    /// <param name="spec">Where and how.</param>
    /// <param name="fitted">The preprocessor of a trained model, so that only its columns are read; null when fitting.</param>
    /// <exception cref="DatasetFormatException">A file is malformed; the message names file, line and column.</exception>
    /// <exception cref="ArgumentException">The format is unknown or no file is given.</exception>
    public static RecordTable Read(DatasetSpec spec, Preprocessor? fitted = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Paths.Count == 0)
        {
            throw new ArgumentException("No data file was given.");
        }

        foreach (string path in spec.Paths)
        {
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"The data file '{path}' does not exist.", path);
            }
        }

        switch (spec.Format)
        {
            case "nsl-kdd":
                // A columns.txt next to the data is used when present; without one, the standard names.
                string nextToData = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(spec.Paths[0]))!, "columns.txt");
                return NslKddReader.Read(spec.Paths, spec.ColumnsFile ?? (File.Exists(nextToData) ? nextToData : null), NslKddLabeling.FiveClass);
            case "zeek":
                var zeek = new ZeekConnOptions();
                zeek = zeek with
                {
                    LabelColumn = spec.LabelColumn ?? zeek.LabelColumn,
                    TimeColumn = spec.TimeColumn ?? zeek.TimeColumn,
                    EntityColumn = spec.EntityColumn ?? zeek.EntityColumn,
                    FeatureKinds = fitted?.SourceColumnKinds,
                };
                return ZeekConnReader.Read(spec.Paths, zeek);
            case "flow":
                return FlowTableReader.Read(spec.Paths);
            case "features":
                return FeatureCsvReader.Read(spec.Paths, fitted?.SourceColumnKinds.Keys.ToArray());
            case "csv":
                var csv = new CsvTableOptions
                {
                    LabelColumn = spec.LabelColumn ?? "label",
                    LabelOptional = spec.LabelsOptional && spec.LabelColumn is null,
                    TimeColumn = spec.TimeColumn,
                    EntityColumn = spec.EntityColumn,
                };
                return CsvTableReader.Read(spec.Paths, fitted is null ? csv : fitted.ReaderOptions(csv));
            default:
                throw new ArgumentException($"Unknown data format '{spec.Format}'; use one of {string.Join(", ", Formats)}.");
        }
    }

    /// <summary>Returns the class map of a dataset: NSL-KDD's five classes or binary benign/attack, or the label values.</summary>
    public static ClassMap Classes(DatasetSpec spec, RecordTable training)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.MultiClass)
        {
            return ClassMap.Binary(spec.Benign);
        }

        return spec.Format == "nsl-kdd" ? ClassMap.Named(NslKddAttacks.ClassNames) : ClassMap.FitMultiClass(training, spec.Benign);
    }
}
