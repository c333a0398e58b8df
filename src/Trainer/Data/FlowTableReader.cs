using EdgeLstm.Features.Flows;

namespace EdgeLstm.Trainer.Data;

/// <summary>Reads flow logs (Zeek conn.log TSV or JSON, Zeek CSV, flow CSV) into a table of the <c>edgelstm.flow</c>
/// features: one row per connection, computed by <see cref="FlowFeatures"/>, the definition the agent's zeek source uses,
/// so a model trained on this table runs on the agent unchanged.</summary>
/// <remarks>Rows are grouped by originating host (id.orig_h) and ordered by connection start (ts). The label column is
/// the log's <c>label</c> when every record has one; a malformed line is an error here, unlike in the agent.</remarks>
internal static class FlowTableReader
{
    /// <summary>The entity column: the originating host.</summary>
    public const string EntityColumn = "id.orig_h";

    /// <summary>The time column: the connection's start, in Unix seconds.</summary>
    public const string TimeColumn = "ts";

    /// <summary>The label column.</summary>
    public const string LabelColumn = "label";

    /// <summary>Reads flow log files into one table.</summary>
    /// <exception cref="DatasetFormatException">A file has no usable header, a malformed line, no records, or labels on only some records.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static RecordTable Read(IReadOnlyList<string> paths)
    {
        var tables = new List<RecordTable>(paths.Count);
        foreach (string path in paths)
        {
            tables.Add(ReadOne(path));
        }

        return RecordTable.Concat(tables);
    }

    private static RecordTable ReadOne(string path)
    {
        List<FlowRecord> records;
        try
        {
            var reader = new FlowLogReader(path) { MalformedLine = problem => throw problem };
            records = [.. reader.ReadAll()];
        }
        catch (FlowLogFormatException error)
        {
            string place = $"{error.FilePath}:{error.Line}: ";
            string problem = error.Message.StartsWith(place, StringComparison.Ordinal) ? error.Message[place.Length..] : error.Message;
            throw new DatasetFormatException(path, error.Line, null, problem);
        }

        if (records.Count == 0)
        {
            throw new DatasetFormatException(path, 0, null, "the file is empty: it has no connection records");
        }

        int m = FlowFeatures.Count;
        float[][] columns = [.. Enumerable.Range(0, m).Select(_ => new float[records.Count])];
        float[] vector = new float[m];
        var entities = new StringInterner();
        var labels = new StringInterner();
        int[] entityCodes = new int[records.Count];
        int[] labelCodes = new int[records.Count];
        double[] times = new double[records.Count];
        bool labelled = records[0].Label.Length > 0;
        for (int r = 0; r < records.Count; r++)
        {
            FlowRecord record = records[r];
            FlowFeatures.Write(record, vector);
            for (int f = 0; f < m; f++)
            {
                columns[f][r] = vector[f];
            }

            entityCodes[r] = entities.Intern(record.OriginHost.ToString());
            // Whole seconds and the fraction apart: nanoseconds since 1970 have more digits than a double holds.
            times[r] = (record.TimestampNanoseconds / 1_000_000_000L) + (record.TimestampNanoseconds % 1_000_000_000L / 1e9);
            if ((record.Label.Length > 0) != labelled)
            {
                throw new DatasetFormatException(path, 0, LabelColumn, $"connection {r + 1} (uid '{record.Uid}') {(labelled ? "has no label, but the first has one" : "has a label, but the first has none")}");
            }

            labelCodes[r] = labelled ? labels.Intern(record.Label) : 0;
        }

        return new RecordTable
        {
            Sources = [path],
            RowCount = records.Count,
            SourceIndex = new int[records.Count],
            LineNumbers = new long[records.Count],
            Columns = [.. FlowFeatures.Schema.FeatureNames.Select((name, f) => TableColumn.FromNumbers(name, columns[f], 0, 0, 0))],
            LabelColumn = labelled ? LabelColumn : null,
            LabelCodes = labelled ? labelCodes : null,
            LabelValues = labelled ? labels.Values : [],
            TimeColumn = TimeColumn,
            Times = times,
            EntityColumn = EntityColumn,
            EntityCodes = entityCodes,
            EntityValues = entities.Values,
            Schema = FlowFeatures.Schema,
        };
    }
}
