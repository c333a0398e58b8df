using System.Diagnostics;
using System.Security.Cryptography;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Reporting;

namespace EdgeLstm.Trainer.Training;

/// <summary>Runs a whole training job: read data, split its records into training and validation (see
/// <see cref="TableSplit"/>), fit the preprocessing on the training side, cut sequences, train, calibrate the threshold
/// on the validation windows labelled benign, and evaluate.</summary>
internal static class TrainingPipeline
{
    /// <summary>The number of benign validation windows below which the threshold is reported as resting on too few.</summary>
    public const int MinimumCalibrationWindows = 1000;

    /// <summary>Trains a model as the request says.</summary>
    /// <param name="request">What to train.</param>
    /// <param name="log">Receives progress lines.</param>
    /// <param name="progress">Receives a report after every epoch.</param>
    /// <param name="cancellationToken">Stops training early; the best model so far is kept.</param>
    /// <exception cref="DatasetFormatException">A data file is malformed.</exception>
    /// <exception cref="UsageException">A setting is invalid, or the data cannot train the requested model.</exception>
    public static TrainOutcome Run(TrainRequest request, TextWriter log, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        request.Validate();
        var clock = Stopwatch.StartNew();
        // Unsupervised training reads benign traffic, which may come without a label column.
        RecordTable table = DatasetLoader.Read(request.Unsupervised ? request.Data with { LabelsOptional = true } : request.Data);
        ClassMap classes = DatasetLoader.Classes(request.Data, table);
        int[]? labels = table.LabelCodes is null ? null : classes.Encode(table);
        if (labels is null && !request.Unsupervised)
        {
            table.RequireLabels();
        }

        if (labels is not null)
        {
            classes.RequireBenign(labels, table);
        }

        // Records are split before sequences are cut, so that no window holds records of both sides.
        TableSplit split = TableSplit.Create(table, labels, request.Split, request.ValidationFraction, request.Sequences, request.Training.Seed);
        var notes = new List<string> { split.Description };
        log.WriteLine(split.Description);
        if (Imputation(table) is { } imputed)
        {
            notes.Add(imputed);
            log.WriteLine(imputed);
        }

        // An unsupervised model learns what benign traffic looks like: it is fitted and trained on benign records only.
        int[] trainRows = request.Unsupervised && labels is not null ? [.. split.TrainRows.Where(r => labels[r] == 0)] : split.TrainRows;
        var fitRows = new bool[table.RowCount];
        foreach (int row in trainRows)
        {
            fitRows[row] = true;
        }

        Preprocessor preprocessor = Preprocessor.Fit(table, options: null, fitRows);

        // The model stores the schema the data carried (name, version, window), never one typed here.
        FeatureSchema schema = request.Data.Descriptor.SchemaOf(table, preprocessor);
        if (table.SchemaNote is { } unknown)
        {
            notes.Add(unknown);
            log.WriteLine(unknown);
        }

        FeatureNormalization normalization = preprocessor.ToNormalization(schema);
        SequenceTiming timing = SequenceBuilder.TimingOf(schema);

        // Test data is read (and its errors reported) before the long part.
        SequenceSet? test = request.Test is null ? null : ReadTest(request.Test, preprocessor, classes, request, normalization, timing, log);
        SequenceSet train = Sequences(table.Select(trainRows), preprocessor, classes, request, normalization, timing, log, "training");
        SequenceSet validation = Sequences(table.Select(split.ValidationRows), preprocessor, classes, request, normalization, timing, log, "validation");
        log.WriteLine($"Read {table.RowCount:N0} records from {table.Sources.Count} file(s) in {clock.Elapsed.TotalSeconds:F1} s: {preprocessor.FeatureCount} inputs; {train.Count:N0} training and {validation.Count:N0} validation sequences of {request.Sequences.Steps}{(test is null ? "" : $", {test.Count:N0} test sequences")}.");
        if (request.Unsupervised)
        {
            string usage = UnsupervisedUsage(split, trainRows.Length, train.Count, request.Sequences);
            notes.Add(usage);
            log.WriteLine(usage);
        }
        else
        {
            classes.RequireTwoClasses(train.Labels, table);
        }

        // Calibration and evaluation label a window by the same rule (--label-any-attack or its last record).
        SequenceSet benignValidation = validation.BenignOnly();
        if (train.Count == 0 || benignValidation.Count == 0)
        {
            throw new UsageException($"Too little data: {train.Count} training and {benignValidation.Count} benign validation sequences after the split ({split.Description}). Use more data, a larger --validation or another --split.");
        }

        if (MixedWindows(benignValidation, request.Sequences.LabelRule) is { } mixed)
        {
            notes.Add(mixed);
            log.WriteLine(mixed);
        }

        if (benignValidation.Count < MinimumCalibrationWindows)
        {
            string warning = $"WARNING: the alert threshold rests on {benignValidation.Count:N0} benign validation windows, fewer than {MinimumCalibrationWindows:N0}: a {request.TargetFalsePositiveRate:P1} target is set by about {Math.Floor(benignValidation.Count * request.TargetFalsePositiveRate):N0} scores, so the rate it gives on new data is uncertain. Use more data or a larger --validation.";
            notes.Add(warning);
            log.WriteLine();
            log.WriteLine(warning);
            log.WriteLine();
        }

        ModelConfig config = Config(request, preprocessor, classes, train.Count, normalization);
        SequenceModel<float> model = SequenceModel.Create<float>(config, request.Training.Seed);
        log.WriteLine($"Training {config.Cell} (n = {config.HiddenSize}, {model.Parameters.Length:N0} parameters, head {config.Head}) on {train.Count:N0} sequences, validating on {(request.Unsupervised ? benignValidation.Count : validation.Count):N0}.");
        TrainingResult result = new ModelTrainer(model, request.Training)
            .Train(train, request.Unsupervised ? benignValidation : validation, progress, cancellationToken);

        model = SilenceCalibration.Fit(model, benignValidation, train.BenignOnly(), request.TargetFalsePositiveRate, out string scaledOn);
        if (model.Config.SilenceScales is { } scales)
        {
            log.WriteLine($"Silence scales (score divisors by leading silent steps 0..{scales.Count - 1}): {string.Join(" ", scales.Select(x => x.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)))}, fitted on {scaledOn}.");
        }

        double threshold = ThresholdCalibrator.Calibrate(ModelTrainer.Score(model, benignValidation), request.TargetFalsePositiveRate);
        notes.Add($"Threshold {threshold:G6}: calibrated at {request.TargetFalsePositiveRate:P2} false positives on {benignValidation.Count:N0} benign validation windows.");
        EvaluationResult evaluation = Evaluator.Evaluate(model, test ?? validation, classes.ClassNames, threshold);
        // Undefined metrics (no attack in the evaluation data: recall, AUCs, ...) are stored as null.
        var metrics = new SortedDictionary<string, double?>(StringComparer.Ordinal)
        {
            ["accuracy"] = MetricText.ToJson(evaluation.Binary.Accuracy),
            ["precision"] = MetricText.ToJson(evaluation.Binary.Precision),
            ["recall"] = MetricText.ToJson(evaluation.Binary.Recall),
            ["f1"] = MetricText.ToJson(evaluation.Binary.F1),
            ["roc_auc"] = MetricText.ToJson(evaluation.Binary.RocAuc),
            ["pr_auc"] = MetricText.ToJson(evaluation.Binary.PrAuc),
            ["false_positive_rate"] = MetricText.ToJson(evaluation.Binary.FalsePositiveRate),
            ["best_epoch"] = result.BestEpoch,
        };
        // A SET or FloatSD8 model is exported in the compressed layout it was trained for.
        config = request.Training.ApplyCompression(config) with
        {
            Threshold = threshold,
            SilenceScales = model.Config.SilenceScales,
            Provenance = config.Provenance! with { Metrics = metrics },
        };
        return new TrainOutcome(new SequenceModel<float>(config, model.Parameters), result, evaluation, request.Test is null ? $"the {split.Kind.ToString().ToLowerInvariant()} validation split" : "test data", notes);
    }

    /// <summary>Reads data with a trained model's preprocessing and class names, and cuts it into the model's sequences.</summary>
    public static SequenceSet ReadForModel(DatasetSpec spec, SequenceModel<float> model, int stride, WindowLabelRule labelRule)
    {
        ModelData data = ReadRowsForModel(spec, model);
        var options = new SequenceOptions { Steps = model.Config.SequenceLength, Stride = stride, LabelRule = labelRule, Timing = data.Timing };
        return SequenceBuilder.Build(data.Table, data.Inputs, data.Normalization.Names.Count, data.Labels, data.ClassNames, options, data.Normalization.Silence());
    }

    /// <summary>Reads data with a trained model's preprocessing and class names, row by row, once
    /// <see cref="SchemaBinding.Match"/> found that the model fits the data's schema.</summary>
    /// <exception cref="UsageException">The model stores no feature normalization, or does not fit the data's schema
    /// (name, version, window or feature names); the message names what differs on both sides.</exception>
    public static ModelData ReadRowsForModel(DatasetSpec spec, SequenceModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        FeatureNormalization normalization = model.Config.Features
            ?? throw new UsageException("The model has no stored feature normalization, so it cannot read data files.");
        Preprocessor preprocessor = Preprocessor.FromNormalization(normalization);
        RecordTable table = DatasetLoader.Read(spec, preprocessor);
        RequireFit(normalization, spec.Descriptor.SchemaOf(table, preprocessor), table);
        IReadOnlyList<string> names = model.Config.ClassNames.Count > 0 ? model.Config.ClassNames : ["benign", "attack"];
        // Binary labels are matched against the benign class the model was trained with, unless --benign says otherwise.
        ClassMap classes = names.Count == 2 ? ClassMap.Binary(spec.BenignValue ?? names[0], names[1]) : ClassMap.Named(names);
        return new ModelData(
            table,
            preprocessor.Transform(table),
            table.LabelCodes is null ? null : classes.Encode(table),
            classes.ClassNames,
            normalization,
            SequenceBuilder.TimingOf(spec.Descriptor.SchemaOf(table, preprocessor)));
    }

    // The binding of trainer and agent alike: a model reads only data of the schema it was trained on.
    private static void RequireFit(FeatureNormalization model, FeatureSchema data, RecordTable table)
    {
        SchemaMatch match = SchemaBinding.Match(new StoredSchema(model.Schema, model.Version, model.Names, model.WindowSeconds), data);
        if (!match.Fits)
        {
            string files = string.Join(", ", table.Sources);
            string note = table.SchemaNote is { } unknown ? $" ({unknown})" : "";
            throw new UsageException($"The model does not fit the data in {files}{note}: {match}.");
        }
    }

    private static SequenceSet ReadTest(DatasetSpec spec, Preprocessor preprocessor, ClassMap classes, TrainRequest request, FeatureNormalization normalization, SequenceTiming timing, TextWriter log)
    {
        RecordTable table = DatasetLoader.Read(request.Unsupervised ? spec with { LabelsOptional = true } : spec, preprocessor);
        RequireFit(normalization, spec.Descriptor.SchemaOf(table, preprocessor), table);
        if (Imputation(table) is { } imputed)
        {
            log.WriteLine($"Test data: {imputed}");
        }

        return Sequences(table, preprocessor, classes, request, normalization, timing, log, "test");
    }

    private static SequenceSet Sequences(RecordTable table, Preprocessor preprocessor, ClassMap classes, TrainRequest request, FeatureNormalization normalization, SequenceTiming timing, TextWriter log, string side)
    {
        float[] inputs = preprocessor.Transform(table, out long unseen);
        if (unseen > 0)
        {
            log.WriteLine($"The {side} records hold {unseen:N0} categorical values without an input of their own (unseen in training, or rarer than the {new PreprocessorOptions().MaxCategories} most frequent): they go to the column's <other> input, or to none.");
        }

        int[]? labels = table.LabelCodes is null ? null : classes.Encode(table);
        if (labels is null && !request.Unsupervised)
        {
            table.RequireLabels();
        }

        SequenceOptions options = request.Sequences with { Timing = timing };
        return SequenceBuilder.Build(table, inputs, preprocessor.FeatureCount, labels, classes.ClassNames, options, normalization.Silence());
    }

    // Counts the numeric fields that are imputed with the training mean (docs/trainer-data.md promises the counts).
    private static string? Imputation(RecordTable table)
    {
        TableColumn[] columns = [.. table.Columns.Where(c => c.MissingCount + c.InfiniteCount + c.InvalidCount > 0)];
        if (columns.Length == 0)
        {
            return null;
        }

        static string Counts(TableColumn c) => string.Join(", ", new[] { (c.MissingCount, "missing"), (c.InfiniteCount, "infinite"), (c.InvalidCount, "not a number") }
            .Where(p => p.Item1 > 0).Select(p => $"{p.Item1:N0} {p.Item2}"));
        long total = columns.Sum(c => (long)c.MissingCount + c.InfiniteCount + c.InvalidCount);
        string listed = string.Join("; ", columns.Take(8).Select(c => $"{c.Name} {Counts(c)}"));
        return $"Imputed with the training mean (input 0): {total:N0} numeric fields in {columns.Length} column(s): {listed}{(columns.Length > 8 ? $"; and {columns.Length - 8} more columns" : "")}.";
    }

    // Says how many benign windows unsupervised training used and why it left any record out.
    private static string UnsupervisedUsage(TableSplit split, int benignRecords, int windows, SequenceOptions sequences)
    {
        int attacks = split.TrainRows.Length - benignRecords;
        string why = attacks > 0 ? $"; {attacks:N0} attack records of the training side left out, the model learns benign traffic only" : "";
        string each = sequences.Stride == 1 ? "one per record" : $"one every {sequences.Stride} records of a host";
        return $"Unsupervised: trained on {windows:N0} windows of {sequences.Steps} cut from the {benignRecords:N0} benign training records ({each}, silence before a host's first){why}.";
    }

    // Under the last-record rule a window labelled benign may hold attack records before its last; say how many.
    private static string? MixedWindows(SequenceSet benignValidation, WindowLabelRule rule)
    {
        int mixed = benignValidation.AllBenign.Count(benign => !benign);
        return mixed == 0 || rule != WindowLabelRule.LastRecord
            ? null
            : $"{mixed:N0} of the {benignValidation.Count:N0} benign validation windows hold an attack record before their last (benign by the last-record rule, in calibration and evaluation alike; --label-any-attack makes them attacks).";
    }

    private static ModelConfig Config(TrainRequest request, Preprocessor preprocessor, ClassMap classes, int trainCount, FeatureNormalization normalization)
    {
        int m = preprocessor.FeatureCount;
        HeadKind head = request.Unsupervised ? HeadKind.NextStep : classes.ClassNames.Count == 2 ? HeadKind.Sigmoid : HeadKind.Softmax;
        return new ModelConfig
        {
            Cell = request.Cell,
            InputSize = m,
            HiddenSize = request.HiddenSize,
            Peephole = request.Peephole,
            Head = head,
            OutputSize = head switch
            {
                HeadKind.Sigmoid => 1,
                HeadKind.Softmax => classes.ClassNames.Count,
                _ => m,
            },
            SequenceLength = request.Sequences.Steps,
            ClassNames = classes.ClassNames,
            Features = normalization,
            Provenance = new ModelProvenance
            {
                DataHash = HashFiles(request.Data.Paths),
                Seed = request.Training.Seed,
                Tool = $"edgelstm-train {typeof(TrainingPipeline).Assembly.GetName().Version} ({trainCount} training sequences)",
            },
        };
    }

    private static string HashFiles(IReadOnlyList<string> paths)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        foreach (string path in paths)
        {
            using FileStream stream = File.OpenRead(path);
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}

/// <summary>Holds data read with a model's preprocessing, one row per record.</summary>
/// <param name="Table">The records.</param>
/// <param name="Inputs">The preprocessed inputs, [rows × m].</param>
/// <param name="Labels">The class of every row, or null for unlabelled data.</param>
/// <param name="ClassNames">The class names, benign first.</param>
/// <param name="Normalization">The model's feature normalization.</param>
/// <param name="Timing">How the rows map to steps.</param>
internal sealed record ModelData(RecordTable Table, float[] Inputs, int[]? Labels, IReadOnlyList<string> ClassNames, FeatureNormalization Normalization, SequenceTiming Timing);

/// <summary>Holds the result of a training job: the model (with threshold and metrics), the run and its evaluation.</summary>
/// <param name="Model">The trained model, threshold and metrics in its configuration.</param>
/// <param name="Training">How training went.</param>
/// <param name="Evaluation">The evaluation of the model at its threshold.</param>
/// <param name="EvaluatedOn">What the evaluation ran on: the test data or the validation split.</param>
/// <param name="Notes">The split, what unsupervised training used, the threshold's basis and warnings, for the report.</param>
internal sealed record TrainOutcome(SequenceModel<float> Model, TrainingResult Training, EvaluationResult Evaluation, string EvaluatedOn, IReadOnlyList<string> Notes);
