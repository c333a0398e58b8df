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
        var output = new Option<FileInfo>("--output", "-o") { Description = "Feature CSV to write: a schema line (#edgelstm-schema name, version, window_seconds, features), then entity, window_start, features…, label; the label column is written only with a labelling rule (--attack-capture, --attackers, --attack-times): without one the file is unlabelled, for train --unsupervised.", DefaultValueFactory = _ => new FileInfo("features.csv") };
        var window = new Option<double>("--window") { Description = "Window length in seconds, recorded in the CSV's schema line and in every model trained on it (the agent computes windows of this length).", DefaultValueFactory = _ => 1.0 };
        var maxHosts = new Option<int>("--max-hosts") { Description = "Hosts tracked at once; hosts seen in two windows are kept first, and traffic of hosts beyond it goes to aggregates (untracked->HOST, untracked->*).", DefaultValueFactory = _ => new WindowFeatureOptions().MaxHosts };
        var ignore = new Option<string[]>("--ignore") { Description = "Networks (CIDR, or single addresses) never tracked as hosts, comma-separated: the gateway itself, a backup server. Multicast, broadcast and unspecified addresses are never tracked.", AllowMultipleArgumentsPerToken = true };
        var packetEntities = new Option<FileInfo?>("--packet-entities") { Description = "CSV to write with one row per input packet: time_ns,source_entity,destination_entity (the entities whose windows it was credited to; empty where not tracked)." };
        var attackCaptures = new Option<string[]>("--attack-capture") { Description = "Label every window of these capture files as attack (they must also be given to --capture).", AllowMultipleArgumentsPerToken = true };
        var attackers = new Option<FileInfo?>("--attackers") { Description = "File with one attacker address per line: their windows are attacks." };
        var times = new Option<FileInfo?>("--attack-times") { Description = "CSV with start,end (Unix seconds) and optional source: windows overlapping a range (of that source) are attacks." };
        var command = new Command("features", "Turn packet captures into per-host window features (the schema the agent computes live), labelled by rule.")
        {
            captures, output, window, maxHosts, ignore, attackCaptures, attackers, times, packetEntities,
        };
        command.SetAction(parse => CommandErrors.Run(() =>
        {
            WindowLabeler labeler = WindowLabeler.Create(parse.GetValue(attackCaptures) ?? [], parse.GetValue(attackers)?.FullName, parse.GetValue(times)?.FullName);
            if (!WindowFeatureOptions.TryParseNetworks(parse.GetValue(ignore) ?? [], out IReadOnlyList<System.Net.IPNetwork> ignored, out string? bad))
            {
                throw new UsageException($"--ignore: '{bad}' is not a network in CIDR notation (such as 192.168.1.1/32 or fd00::/8).");
            }

            var options = new WindowFeatureOptions { Window = TimeSpan.FromSeconds(parse.GetValue(window)), MaxHosts = parse.GetValue(maxHosts), IgnoreNetworks = ignored };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException exception) when (exception.ParamName is nameof(WindowFeatureOptions.Window) or nameof(WindowFeatureOptions.MaxHosts))
            {
                string option = exception.ParamName == nameof(WindowFeatureOptions.Window) ? "--window" : "--max-hosts";
                throw new UsageException($"{option} is out of range: {exception.Message}", exception);
            }

            using PacketEntityCsv? attribution = parse.GetValue(packetEntities) is FileInfo file ? new PacketEntityCsv(file.FullName) : null;
            return Write(parse.GetRequiredValue(captures), parse.GetRequiredValue(output).FullName, options, labeler, attribution);
        }));
        return command;
    }

    private static int Write(IReadOnlyList<string> captures, string outputPath, WindowFeatureOptions options, WindowLabeler labeler, PacketEntityCsv? attribution)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        using AtomicTextFile output = AtomicTextFile.Create(outputPath);
        TextWriter writer = output.Writer;
        long rows = 0, attacks = 0;
        FeatureSchema? schema = null;
        foreach (string capture in captures)
        {
            using CaptureFeatureReader reader = CaptureFeatureReader.Open(capture, options);
            reader.Attribution = attribution;
            if (schema is null)
            {
                // The schema line makes the file carry its schema (window included) into every model trained on it.
                schema = reader.Schema;
                writer.WriteLine(FeatureCsvReader.SchemaLine(schema));
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
            Console.WriteLine(DescribeLosses(reader));
        }

        if (attribution is not null)
        {
            Console.WriteLine($"Wrote {attribution.Rows:N0} packet rows ({PacketEntityCsv.Header}).");
        }

        output.Commit();
        Console.WriteLine($"Wrote {rows:N0} rows{(labeler.HasRules ? $" ({attacks:N0} attack)" : " (no label column: no labelling rule)")} of schema {schema} to {outputPath}.");
        return 0;
    }

    /// <summary>Says where packets went other than a host's own window: nothing is dropped silently.</summary>
    private static string DescribeLosses(CaptureFeatureReader reader)
    {
        WindowFeatureExtractor x = reader.Extractor;
        return string.Create(CultureInfo.InvariantCulture, $"  host table: {x.HostsTracked:N0} hosts tracked at the end ({x.HostsWithHistory:N0} with history), "
            + $"{x.HostsEvicted:N0} idle hosts evicted ({x.HostsWithHistoryEvicted:N0} with history), "
            + $"{x.PacketsAggregated:N0} packet ends aggregated ({x.PacketsToOverflow:N0} to untracked->*), {x.AggregatesEvicted:N0} idle aggregates evicted; "
            + $"{x.AddressesFiltered:N0} packet ends not tracked (multicast, broadcast, unspecified or --ignore), "
            + $"{x.PacketsWithoutAddresses:N0} packets without addresses, {reader.Decoder.SkippedPackets:N0} undecodable, {x.OutOfOrderPackets:N0} out of order.");
    }
}
