using System.Diagnostics;
using System.Security.Cryptography;
using EdgeLstm.Model;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Evaluation;
using EdgeLstm.Trainer.Reporting;

namespace EdgeLstm.Trainer.Training;

/// <summary>Runs a whole training job: read and preprocess data (fitted on training data only), build sequences,
/// split, train, calibrate the threshold on held-out benign data, and evaluate.</summary>
internal static class TrainingPipeline
{
    /// <summary>Trains a model as the request says.</summary>
    /// <param name="request">What to train.</param>
    /// <param name="log">Receives progress lines.</param>
    /// <param name="progress">Receives a report after every epoch.</param>
    /// <param name="cancellationToken">Stops training early; the best model so far is kept.</param>
    /// <exception cref="DatasetFormatException">A data file is malformed.</exception>
    /// <exception cref="ArgumentException">A setting is invalid, or the data cannot train the requested model.</exception>
    public static TrainOutcome Run(TrainRequest request, TextWriter log, IProgress<EpochReport>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(log);
        request.Validate();
        var clock = Stopwatch.StartNew();
        RecordTable table = DatasetLoader.Read(request.Data);
        ClassMap classes = DatasetLoader.Classes(request.Data, table);

        // An unsupervised model learns what benign traffic looks like, so its normalisation is fitted on benign rows only.
        bool[]? benignRows = request.Unsupervised && table.LabelCodes is not null ? classes.Encode(table).Select(label => label == 0).ToArray() : null;
        Preprocessor preprocessor = Preprocessor.Fit(table, options: null, benignRows);
        double windowSeconds = SequenceBuilder.TimingOf(table, request.Data.Schema).StepSeconds;
        FeatureNormalization normalization = preprocessor.ToNormalization(request.Data.Schema, request.Data.SchemaVersion, windowSeconds);
        SequenceSet all = Sequences(table, preprocessor, classes, request, normalization);
        log.WriteLine($"Read {table.RowCount:N0} records from {table.Sources.Count} file(s) in {clock.Elapsed.TotalSeconds:F1} s: {preprocessor.FeatureCount} inputs, {all.Count:N0} sequences of {all.Steps}.");
        if (!request.Unsupervised)
        {
            classes.RequireTwoClasses(all.Labels, table);
        }

        (SequenceSet train, SequenceSet validation) = all.Split(request.ValidationFraction, request.Training.Seed);
        if (request.Unsupervised)
        {
            train = train.BenignOnly();
        }

        SequenceSet benignValidation = validation.BenignOnly();
        if (train.Count == 0 || benignValidation.Count == 0)
        {
            throw new ArgumentException($"Too little data: {train.Count} training and {benignValidation.Count} benign validation sequences.");
        }

        ModelConfig config = Config(request, preprocessor, classes, train.Count, normalization);
        SequenceModel<float> model = SequenceModel.Create<float>(config, request.Training.Seed);
        log.WriteLine($"Training {config.Cell} (n = {config.HiddenSize}, {model.Parameters.Length:N0} parameters, head {config.Head}) on {train.Count:N0} sequences, validating on {(request.Unsupervised ? benignValidation.Count : validation.Count):N0}.");
        TrainingResult result = new ModelTrainer(model, request.Training)
            .Train(train, request.Unsupervised ? benignValidation : validation, progress, cancellationToken);

        double threshold = ThresholdCalibrator.Calibrate(ModelTrainer.Score(model, benignValidation), request.TargetFalsePositiveRate);
        SequenceSet test = request.Test is null ? validation : ReadTest(request.Test, preprocessor, classes, request, normalization);
        EvaluationResult evaluation = Evaluator.Evaluate(model, test, classes.ClassNames, threshold);
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
            Provenance = config.Provenance! with { Metrics = metrics },
        };
        return new TrainOutcome(new SequenceModel<float>(config, model.Parameters), result, evaluation, request.Test is null ? "validation split" : "test data");
    }

    /// <summary>Reads data with a trained model's preprocessing and class names, and cuts it into the model's sequences.</summary>
    public static SequenceSet ReadForModel(DatasetSpec spec, SequenceModel<float> model, int stride, WindowLabelRule labelRule)
    {
        ModelData data = ReadRowsForModel(spec, model);
        var options = new SequenceOptions { Steps = model.Config.SequenceLength, Stride = stride, LabelRule = labelRule, Timing = data.Timing };
        return SequenceBuilder.Build(data.Table, data.Inputs, data.Normalization.Names.Count, data.Labels, data.ClassNames, options, data.Normalization.Silence());
    }

    /// <summary>Reads data with a trained model's preprocessing and class names, row by row.</summary>
    /// <exception cref="ArgumentException">The model stores no feature normalization.</exception>
    public static ModelData ReadRowsForModel(DatasetSpec spec, SequenceModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        FeatureNormalization normalization = model.Config.Features
            ?? throw new ArgumentException("The model has no stored feature normalization, so it cannot read data files.");
        Preprocessor preprocessor = Preprocessor.FromNormalization(normalization);
        RecordTable table = DatasetLoader.Read(spec, preprocessor);
        IReadOnlyList<string> names = model.Config.ClassNames.Count > 0 ? model.Config.ClassNames : ["benign", "attack"];
        // Binary labels are matched against the benign class the model was trained with, unless --benign says otherwise.
        ClassMap classes = names.Count == 2 ? ClassMap.Binary(spec.BenignValue ?? names[0], names[1]) : ClassMap.Named(names);
        return new ModelData(
            table,
            preprocessor.Transform(table),
            table.LabelCodes is null ? null : classes.Encode(table),
            classes.ClassNames,
            normalization,
            SequenceBuilder.TimingOf(table, normalization.Schema, normalization.WindowSeconds));
    }

    private static SequenceSet ReadTest(DatasetSpec spec, Preprocessor preprocessor, ClassMap classes, TrainRequest request, FeatureNormalization normalization)
    {
        RecordTable table = DatasetLoader.Read(spec, preprocessor);
        return Sequences(table, preprocessor, classes, request, normalization);
    }

    private static SequenceSet Sequences(RecordTable table, Preprocessor preprocessor, ClassMap classes, TrainRequest request, FeatureNormalization normalization)
    {
        float[] inputs = preprocessor.Transform(table);
        int[]? labels = table.LabelCodes is null ? null : classes.Encode(table);
        if (labels is null && !request.Unsupervised)
        {
            table.RequireLabels();
        }

        SequenceOptions options = request.Sequences with { Timing = SequenceBuilder.TimingOf(table, normalization.Schema, normalization.WindowSeconds) };
        return SequenceBuilder.Build(table, inputs, preprocessor.FeatureCount, labels, classes.ClassNames, options, normalization.Silence());
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
internal sealed record TrainOutcome(SequenceModel<float> Model, TrainingResult Training, EvaluationResult Evaluation, string EvaluatedOn);
