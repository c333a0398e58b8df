using EdgeLstm.Model;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Scores a labelled set with a model and computes every metric of the report.</summary>
internal static class Evaluator
{
    /// <summary>Evaluates a model at a threshold; attack = any class but 0.</summary>
    /// <param name="model">The model.</param>
    /// <param name="data">The labelled sequences.</param>
    /// <param name="classNames">The class names in label order, benign first.</param>
    /// <param name="threshold">The alert threshold on the anomaly score.</param>
    public static EvaluationResult Evaluate(SequenceModel<float> model, SequenceSet data, IReadOnlyList<string> classNames, double threshold)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        float[] scores = ModelTrainer.Score(model, data);
        bool[] isAttack = data.Labels.Select(label => label != 0).ToArray();
        BinaryMetrics binary = BinaryMetrics.Compute(scores, isAttack, threshold);
        ConfusionMatrix? classes = model.Config.Head == HeadKind.Softmax ? MultiClass(model, data, classNames) : null;
        return new EvaluationResult(binary, classes, scores, isAttack);
    }

    private static ConfusionMatrix MultiClass(SequenceModel<float> model, SequenceSet data, IReadOnlyList<string> classNames)
    {
        int k = model.Config.OutputSize;
        var matrix = new ConfusionMatrix(classNames.Count == k ? classNames : Enumerable.Range(0, k).Select(i => $"class {i}").ToArray());
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        const int batchSize = 256;
        var logits = new float[batchSize * k];
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            model.Logits(data.Batch(start, count), workspace, logits);
            for (int b = 0; b < count; b++)
            {
                ReadOnlySpan<float> row = logits.AsSpan(b * k, k);
                int predicted = 0;
                for (int j = 1; j < k; j++)
                {
                    predicted = row[j] > row[predicted] ? j : predicted;
                }

                matrix.Add(data.Labels[start + b], predicted);
            }
        }

        return matrix;
    }
}

/// <summary>Holds the outcome of an evaluation.</summary>
/// <param name="Binary">Attack-vs-benign metrics at the threshold, with ROC and PR AUC.</param>
/// <param name="Classes">The multi-class confusion matrix of a softmax model; null otherwise.</param>
/// <param name="Scores">The anomaly score of every sequence.</param>
/// <param name="IsAttack">Whether each sequence is an attack.</param>
internal sealed record EvaluationResult(BinaryMetrics Binary, ConfusionMatrix? Classes, float[] Scores, bool[] IsAttack);
