using System.CommandLine;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Declares the options that say how to read a dataset, shared by train, eval and compare.</summary>
internal sealed class DataOptions
{
    public DataOptions(string prefix, string what, bool required)
    {
        Paths = new Option<string[]>($"--{prefix}") { Description = $"{what} file(s); plain or .gz.", Required = required, AllowMultipleArgumentsPerToken = true };
        Format = new Option<string>($"--{prefix}-format", $"--format") { Description = "Format: nsl-kdd (NSL-KDD or KDD Cup 99 headerless CSV; the standard names are built in), csv (flow CSV with header; --unsupervised reads it without a label column), zeek (conn.log TSV or its CSV, every conn field), flow (conn.log TSV/JSON/CSV as the 19 edgelstm.flow features the agent's zeek source computes), features (edgelstm-train features output).", DefaultValueFactory = _ => "csv" };
        Format.AcceptOnlyFromAmong(DatasetFormat.Names);
        Columns = new Option<string?>("--columns") { Description = "Column-names file of a headerless CSV (default: columns.txt next to the data if there is one, else the standard NSL-KDD names)." };
        Label = new Option<string?>("--label-column") { Description = "Label column (default: label; zeek: label)." };
        Benign = new Option<string?>("--benign") { Description = "Label value of benign records, ignoring case (default: nsl-kdd normal, zeek and flow Benign, csv BENIGN; UNSW-NB15's 0/1 labels need --benign 0)." };
        Time = new Option<string?>("--time-column") { Description = "Column that orders records in time (default: zeek ts; csv none = file order)." };
        Entity = new Option<string?>("--entity-column") { Description = "Column that groups records into per-host sequences (default: zeek id.orig_h; csv none)." };
        MultiClass = new Option<bool>("--multiclass") { Description = "Keep every class (NSL-KDD: normal, DoS, Probe, R2L, U2R) instead of benign/attack." };
    }

    public Option<string[]> Paths { get; }

    public Option<string> Format { get; }

    public Option<string?> Columns { get; }

    public Option<string?> Label { get; }

    public Option<string?> Benign { get; }

    public Option<string?> Time { get; }

    public Option<string?> Entity { get; }

    public Option<bool> MultiClass { get; }

    /// <summary>Adds the options that describe the format (once per command).</summary>
    public void AddFormatOptions(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(Columns);
        command.Options.Add(Label);
        command.Options.Add(Benign);
        command.Options.Add(Time);
        command.Options.Add(Entity);
        command.Options.Add(MultiClass);
    }

    /// <summary>Binds the parsed values; null when no file was given.</summary>
    public DatasetSpec? Bind(ParseResult parse, Option<string[]>? paths = null)
    {
        string[]? files = parse.GetValue(paths ?? Paths);
        if (files is null || files.Length == 0)
        {
            return null;
        }

        return new DatasetSpec
        {
            Format = parse.GetValue(Format) ?? "csv",
            Paths = files,
            ColumnsFile = parse.GetValue(Columns),
            LabelColumn = parse.GetValue(Label),
            BenignValue = parse.GetValue(Benign),
            TimeColumn = parse.GetValue(Time),
            EntityColumn = parse.GetValue(Entity),
            MultiClass = parse.GetValue(MultiClass),
        };
    }
}
