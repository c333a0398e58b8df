using EdgeLstm.Model;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Fits a next-step model's silence scales (<see cref="ModelConfig.SilenceScales"/>) on held-out benign
/// sequences: the window a host appears in cannot be predicted from silence, so benign hosts that have just
/// appeared score far above established ones, and one threshold would alert on most new hosts.</summary>
/// <remarks>
/// The scale of k leading silent steps is the benign score at the target quantile among sequences with k leading
/// silent steps, divided by that of sequences with none (at least 1: silence never makes a score more suspicious).
/// A k with fewer than <see cref="MinimumSamples"/> sequences is pooled with the larger k (the newer hosts) until it
/// has enough; without enough even then, or without established sequences, the scale is 1.
/// </remarks>
internal static class SilenceCalibration
{
    /// <summary>The fewest benign sequences a scale is estimated from.</summary>
    public const int MinimumSamples = 20;

    /// <summary>Returns the model with silence scales fitted on benign sequences; classifiers are returned unchanged.</summary>
    /// <param name="model">The trained model, without silence scales.</param>
    /// <param name="heldOut">Held-out benign sequences that know their leading silence.</param>
    /// <param name="training">The benign training sequences, pooled with the held-out ones when those have fewer than
    /// <see cref="MinimumSamples"/> established or newly appeared sequences.</param>
    /// <param name="targetFalsePositiveRate">The rate the threshold will be calibrated at.</param>
    /// <param name="source">Receives what the scales were fitted on, for the log.</param>
    public static SequenceModel<float> Fit(SequenceModel<float> model, SequenceSet heldOut, SequenceSet training, double targetFalsePositiveRate, out string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(training);
        source = "none";
        if (model.Config.Head != HeadKind.NextStep || heldOut.LeadingSilence.Length != heldOut.Count)
        {
            return model;
        }

        int steps = model.Config.SequenceLength;
        SequenceModel<float> raw = new(model.Config with { SilenceScales = null }, model.Parameters);
        float[] scores = ModelTrainer.Score(raw, heldOut);
        int[] leading = heldOut.LeadingSilence;
        source = $"{heldOut.Count:N0} held-out benign sequences";
        if (!Enough(leading) && training.LeadingSilence.Length == training.Count)
        {
            scores = [.. scores, .. ModelTrainer.Score(raw, training)];
            leading = [.. leading, .. training.LeadingSilence];
            source = $"{heldOut.Count:N0} held-out and {training.Count:N0} training benign sequences (too few held out)";
        }

        double[] scales = Scales(scores, leading, steps, targetFalsePositiveRate);
        return new SequenceModel<float>(model.Config with { SilenceScales = scales }, model.Parameters);
    }

    private static bool Enough(int[] leading) =>
        leading.Count(k => k == 0) >= MinimumSamples && leading.Count(k => k > 0) >= MinimumSamples;

    /// <summary>Computes the scales from raw benign scores and each sequence's leading silence.</summary>
    public static double[] Scales(ReadOnlySpan<float> scores, ReadOnlySpan<int> leadingSilence, int steps, double targetFalsePositiveRate)
    {
        var byDepth = new List<float>[steps];
        for (int k = 0; k < steps; k++)
        {
            byDepth[k] = [];
        }

        for (int i = 0; i < scores.Length; i++)
        {
            byDepth[leadingSilence[i]].Add(scores[i]);
        }

        var scales = new double[steps];
        Array.Fill(scales, 1.0);
        if (byDepth[0].Count < MinimumSamples)
        {
            return scales;
        }

        double established = ThresholdCalibrator.Calibrate(byDepth[0].ToArray(), targetFalsePositiveRate);
        if (!(established > 0))
        {
            return scales;
        }

        for (int k = 1; k < steps; k++)
        {
            var pooled = new List<float>(byDepth[k]);
            for (int deeper = k + 1; pooled.Count < MinimumSamples && deeper < steps; deeper++)
            {
                pooled.AddRange(byDepth[deeper]);
            }

            if (pooled.Count >= MinimumSamples)
            {
                scales[k] = Math.Max(1.0, ThresholdCalibrator.Calibrate(pooled.ToArray(), targetFalsePositiveRate) / established);
            }
        }

        return scales;
    }
}
