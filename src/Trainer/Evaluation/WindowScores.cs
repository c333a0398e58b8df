using System.Globalization;
using EdgeLstm.Model;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Evaluation;

/// <summary>Scores every row of a dataset the way the agent does (<see cref="HostSequenceScorer{TKey}"/> over the rows
/// of each file in time order, on the integer kernel when the model is quantized) and writes one CSV line per row.</summary>
internal static class WindowScores
{
    /// <summary>The header of the scores file.</summary>
    public const string Header = "entity,window_start,window_end,score,threshold,anomalous,label";

    /// <summary>Returns the scorer the agent would run the model on: the integer kernel when it is quantized, else float.</summary>
    public static ISequenceScorer AgentScorer(SequenceModel<float> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Config.Quantization is null ? new FloatSequenceScorer(model) : IntegerSequenceScorer.FromModel(model);
    }

    /// <summary>Scores every row, in the agent's order: file by file, by time, then file order.</summary>
    /// <param name="scorer">The sequence scorer.</param>
    /// <param name="data">The rows, read with the model's preprocessing.</param>
    /// <param name="threshold">The alert threshold the decisions are taken at.</param>
    /// <returns>The rows in scoring order, the score of each, and whether the agent would count it anomalous (above
    /// the threshold and out of the warm-up, <see cref="HostSequenceScorer{TKey}.IsAnomalous"/>).</returns>
    public static (int[] Rows, float[] Scores, bool[] Anomalous) Score(ISequenceScorer scorer, ModelData data, double threshold)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(data);
        int m = scorer.Config.InputSize;
        int[] rows = StreamOrder(data);
        var scores = new float[rows.Length];
        var anomalous = new bool[rows.Length];
        var hosts = new HostSequenceScorer<long>(scorer, data.Timing, SilencePaddedHistory.DefaultCapacity);
        int[]? entities = data.Table.EntityCodes;
        for (int i = 0; i < rows.Length; i++)
        {
            int row = rows[i];
            long key = ((long)data.Table.SourceIndex[row] << 32) | (uint)(entities?[row] ?? 0);
            scores[i] = hosts.Score(key, TimeOf(data, row), data.Inputs.AsSpan(row * m, m), out int slot, out _);
            anomalous[i] = hosts.IsAnomalous(slot, scores[i], threshold);
        }

        return (rows, scores, anomalous);
    }

    /// <summary>Writes the scores file: <see cref="Header"/>, then one line per row in scoring order, times in seconds
    /// since the Unix epoch, <c>anomalous</c> 1 when the agent would count the window anomalous.</summary>
    /// <param name="path">The file to write (replaced atomically).</param>
    /// <param name="data">The rows.</param>
    /// <param name="rows">The rows in scoring order.</param>
    /// <param name="scores">The score of each.</param>
    /// <param name="anomalous">The decision of each.</param>
    /// <param name="threshold">The alert threshold.</param>
    public static void Write(string path, ModelData data, int[] rows, float[] scores, bool[] anomalous, double threshold)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(anomalous);
        string temporary = path + ".tmp";
        try
        {
            using (var writer = new StreamWriter(temporary, append: false))
            {
                writer.WriteLine(Header);
                CultureInfo invariant = CultureInfo.InvariantCulture;
                double span = data.Timing.StepSeconds;
                for (int i = 0; i < rows.Length; i++)
                {
                    int row = rows[i];
                    double start = TimeOf(data, row);
                    string entity = data.Table.EntityCodes is { } codes ? data.Table.EntityValues[codes[row]] : "";
                    string label = data.Labels is { } labels ? data.ClassNames[labels[row]] : "";
                    writer.Write(Quote(entity));
                    writer.Write(',');
                    writer.Write(start.ToString("0.######", invariant));
                    writer.Write(',');
                    writer.Write((start + span).ToString("0.######", invariant));
                    writer.Write(',');
                    writer.Write(scores[i].ToString("R", invariant));
                    writer.Write(',');
                    writer.Write(threshold.ToString("R", invariant));
                    writer.Write(anomalous[i] ? ",1," : ",0,");
                    writer.WriteLine(Quote(label));
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static double TimeOf(ModelData data, int row) => SequenceBuilder.TimeOf(data.Table, row);

    private static int[] StreamOrder(ModelData data)
    {
        RecordTable table = data.Table;
        int[] order = [.. Enumerable.Range(0, table.RowCount)];
        Array.Sort(order, (a, b) =>
        {
            int bySource = table.SourceIndex[a].CompareTo(table.SourceIndex[b]);
            if (bySource != 0)
            {
                return bySource;
            }

            int byTime = TimeOf(data, a).CompareTo(TimeOf(data, b));
            return byTime != 0 ? byTime : a.CompareTo(b);
        });
        return order;
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
