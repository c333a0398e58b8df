using System.Globalization;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Measures how closely the integer model follows its float model on a labelled set.</summary>
/// <param name="Float">The float model's metrics at the threshold.</param>
/// <param name="Integer">The integer model's metrics at the same threshold.</param>
/// <param name="MaxHiddenError">The largest |Δh| of the final hidden state (the one the head reads) over every sequence and unit.</param>
/// <param name="MeanHiddenError">The mean |Δh| of the final hidden state.</param>
/// <param name="P99HiddenError">The 99th percentile over sequences of each sequence's largest |Δh|.</param>
/// <param name="ClippedInputs">The fraction of input values outside the int8 input range (clipped to its ends).</param>
/// <param name="MaxScoreError">The largest |Δscore|.</param>
/// <param name="MeanScoreError">The mean |Δscore|.</param>
/// <param name="DecisionAgreement">The fraction of sequences on which both models take the same alert decision.</param>
/// <param name="IntegerScores">The integer model's score of every sequence.</param>
internal sealed record IntegerComparison(
    BinaryMetrics Float,
    BinaryMetrics Integer,
    double MaxHiddenError,
    double MeanHiddenError,
    double P99HiddenError,
    double ClippedInputs,
    double MaxScoreError,
    double MeanScoreError,
    double DecisionAgreement,
    float[] IntegerScores)
{
    /// <summary>Scores every sequence with both models and compares them at a threshold; attack = any class but 0.</summary>
    /// <param name="model">The float model.</param>
    /// <param name="scorer">The integer model of <paramref name="model"/>.</param>
    /// <param name="data">The labelled sequences, in the model's input space.</param>
    /// <param name="threshold">The alert threshold (score ≥ threshold alerts).</param>
    public static IntegerComparison Measure(SequenceModel<float> model, IntegerSequenceScorer scorer, SequenceSet data, double threshold)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(data);
        const int batchSize = 256;
        int n = model.Config.HiddenSize;

        // The scorer's last state is after T − 1 steps for a next-step head (it predicts step T), after T otherwise.
        int finalStep = model.Config.Head == HeadKind.NextStep ? data.Steps - 1 : data.Steps;
        var floatScores = new float[data.Count];
        var integerScores = new float[data.Count];
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        var sequenceHidden = new double[data.Count];
        double maxHidden = 0, sumHidden = 0;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            model.Score(data.Batch(start, count), workspace, floatScores.AsSpan(start, count));
            ReadOnlySpan<float> hidden = workspace.HiddenStateAt(finalStep);
            for (int b = 0; b < count; b++)
            {
                integerScores[start + b] = scorer.Score(data.Sequence(start + b));
                ReadOnlySpan<sbyte> integerHidden = scorer.Hidden;
                for (int u = 0; u < n; u++)
                {
                    double error = Math.Abs((integerHidden[u] / 128.0) - hidden[(b * n) + u]);
                    sequenceHidden[start + b] = Math.Max(sequenceHidden[start + b], error);
                    sumHidden += error;
                }
            }
        }

        // Decisions are taken on the scores the agent compares with the threshold: divided by the silence scale.
        data.DivideBySilenceScales(model.Config, floatScores);
        data.DivideBySilenceScales(model.Config, integerScores);

        maxHidden = sequenceHidden.Max();
        Array.Sort(sequenceHidden);
        double p99Hidden = sequenceHidden[(int)Math.Ceiling(0.99 * (sequenceHidden.Length - 1))];
        long clipped = CountClipped(data.Inputs, scorer.Quantization, model.Config.InputSize);
        bool[] isAttack = data.Labels.Select(label => label != 0).ToArray();
        double maxScore = 0, sumScore = 0;
        int agree = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double error = Math.Abs(integerScores[i] - floatScores[i]);
            maxScore = Math.Max(maxScore, error);
            sumScore += error;
            agree += (floatScores[i] >= threshold) == (integerScores[i] >= threshold) ? 1 : 0;
        }

        return new IntegerComparison(
            BinaryMetrics.Compute(floatScores, isAttack, threshold),
            BinaryMetrics.Compute(integerScores, isAttack, threshold),
            maxHidden,
            sumHidden / ((double)data.Count * n),
            p99Hidden,
            clipped / (double)data.Inputs.Length,
            maxScore,
            sumScore / data.Count,
            agree / (double)data.Count,
            integerScores);
    }

    /// <summary>Counts the input values outside their feature's int8 range.</summary>
    internal static long CountClipped(ReadOnlySpan<float> inputs, ModelQuantization quantization, int features)
    {
        ArgumentNullException.ThrowIfNull(quantization);
        double[] scales = quantization.FeatureScales(features);
        int[] zeroPoints = quantization.FeatureZeroPoints(features);
        var low = new double[features];
        var high = new double[features];
        for (int j = 0; j < features; j++)
        {
            // Values within half a step of the ends round to the end codes anyway; beyond that they are clipped.
            low[j] = scales[j] * (sbyte.MinValue - zeroPoints[j] - 0.5);
            high[j] = scales[j] * (sbyte.MaxValue - zeroPoints[j] + 0.5);
        }

        long clipped = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            int j = i % features;
            clipped += inputs[i] < low[j] || inputs[i] > high[j] ? 1 : 0;
        }

        return clipped;
    }

    /// <summary>Writes the comparison as a few aligned lines.</summary>
    public void Print(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"Integer vs float at threshold {Float.Threshold:G6}:");
        writer.WriteLine($"  {"",-20} {"float",10} {"integer",10} {"difference",12}");
        Row(writer, "accuracy", Float.Accuracy, Integer.Accuracy);
        Row(writer, "ROC AUC", Float.RocAuc, Integer.RocAuc);
        Row(writer, "PR AUC", Float.PrAuc, Integer.PrAuc);
        Row(writer, "recall", Float.Recall, Integer.Recall);
        Row(writer, "false-positive rate", Float.FalsePositiveRate, Integer.FalsePositiveRate);
        writer.WriteLine($"  final hidden state |Δh|: max {MaxHiddenError:F4}, 99th percentile of sequences {P99HiddenError:F4}, mean {MeanHiddenError:F5}");
        writer.WriteLine($"  input values outside the int8 range (clipped): {ClippedInputs:P3}");
        writer.WriteLine($"  score |Δscore|: max {MaxScoreError:G4}, mean {MeanScoreError:G4}");
        writer.WriteLine($"  alert decisions agree on {DecisionAgreement:P3} of sequences");
    }

    private static void Row(TextWriter writer, string name, double floatValue, double integerValue)
    {
        // Rounded first so that a tiny negative difference prints as 0.00, not -0.00.
        double points = Math.Round((integerValue - floatValue) * 100, 2);
        string difference = points == 0 ? "0.00" : points.ToString("+0.00;-0.00", CultureInfo.InvariantCulture);
        writer.WriteLine($"  {name,-20} {floatValue,10:P2} {integerValue,10:P2} {difference,10} pt");
    }
}
