using System.CommandLine;
using System.Globalization;
using System.Text;
using EdgeLstm.Features.Windows;
using EdgeLstm.Trainer.Data;
using EdgeLstm.Trainer.Labeling;
using EdgeLstm.Trainer.Reporting;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Builds the <c>features</c> command: captures in, per-host window feature CSV out, optionally labelled by rule.</summary>
internal static class FeaturesCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var captures = new Option<string[]>("--capture") { Description = "pcap or pcapng file(s), plain or .gz.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Feature CSV to write (entity, window_start, features…, label); the label column is written only with a labelling rule (--attack-capture, --attackers, --attack-times): without one the file is unlabelled, for train --unsupervised.", DefaultValueFactory = _ => new FileInfo("features.csv") };
        var window = new Option<double>("--window") { Description = "Window length in seconds.", DefaultValueFactory = _ => 1.0 };
        var maxHosts = new Option<int>("--max-hosts") { Description = "Hosts tracked at once; the least recently seen is evicted beyond it.", DefaultValueFactory = _ => new WindowFeatureOptions().MaxHosts };
        var attackCaptures = new Option<string[]>("--attack-capture") { Description = "Label every window of these capture files as attack (they must also be given to --capture).", AllowMultipleArgumentsPerToken = true };
        var attackers = new Option<FileInfo?>("--attackers") { Description = "File with one attacker address per line: their windows are attacks." };
        var times = new Option<FileInfo?>("--attack-times") { Description = "CSV with start,end (Unix seconds) and optional source: windows overlapping a range (of that source) are attacks." };
        var command = new Command("features", "Turn packet captures into per-host window features (the schema the agent computes live), labelled by rule.")
        {
            captures, output, window, maxHosts, attackCaptures, attackers, times,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            WindowLabeler labeler = WindowLabeler.Create(parse.GetValue(attackCaptures) ?? [], parse.GetValue(attackers)?.FullName, parse.GetValue(times)?.FullName);
            var options = new WindowFeatureOptions { Window = TimeSpan.FromSeconds(parse.GetValue(window)), MaxHosts = parse.GetValue(maxHosts) };
            options.Validate();
            return Write(parse.GetRequiredValue(captures), parse.GetRequiredValue(output).FullName, options, labeler);
        }));
        return command;
    }

    private static int Write(IReadOnlyList<string> captures, string outputPath, WindowFeatureOptions options, WindowLabeler labeler)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        using AtomicTextFile output = AtomicTextFile.Create(outputPath);
        TextWriter writer = output.Writer;
        long rows = 0, attacks = 0;
        FeatureSchema? schema = null;
        foreach (string capture in captures)
        {
            using CaptureFeatureReader reader = CaptureFeatureReader.Open(capture, options);
            if (schema is null)
            {
                schema = reader.Schema;
                string label = labeler.HasRules ? "," + FeatureCsvReader.LabelColumn : "";
                writer.WriteLine($"{FeatureCsvReader.EntityColumn},{FeatureCsvReader.TimeColumn},{string.Join(',', schema.FeatureNames)}{label}");
            }

            var line = new StringBuilder();
            foreach (FeatureRow row in reader.ReadRows())
            {
                line.Clear();
                line.Append(row.Entity.ToString()).Append(',');
                line.Append((row.WindowStartNanoseconds / 1e9).ToString("F3", CultureInfo.InvariantCulture));
                foreach (float value in row.Features)
                {
                    line.Append(',').Append(value.ToString("R", CultureInfo.InvariantCulture));
                }

                if (labeler.HasRules)
                {
                    bool attack = labeler.IsAttack(capture, row, options.Window);
                    attacks += attack ? 1 : 0;
                    line.Append(attack ? ",attack" : ",benign");
                }

                writer.WriteLine(line);
                rows++;
            }

            Console.WriteLine($"{capture}: {reader.Decoder.TotalPackets:N0} packets, {reader.Extractor.WindowsCompleted:N0} host windows.");
        }

        output.Commit();
        Console.WriteLine($"Wrote {rows:N0} rows{(labeler.HasRules ? $" ({attacks:N0} attack)" : " (no label column: no labelling rule)")} of schema {schema} to {outputPath}.");
        return 0;
    }
}
