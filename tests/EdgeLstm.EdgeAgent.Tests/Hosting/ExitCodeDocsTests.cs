using System.Text.RegularExpressions;
using EdgeLstm.EdgeAgent.Tests.TestSupport;

namespace EdgeLstm.EdgeAgent.Tests.Hosting;

/// <summary>Keeps every exit-code statement in README.md and docs/*.md in step with the README's exit-code table.</summary>
public sealed partial class ExitCodeDocsTests
{
    // Conditions the docs tie to an exit code; a statement naming one must use the code whose table row names it too.
    private static readonly Regex[] s_conditions =
    [
        new(@"missing(?: or [a-z]+)? model", RegexOptions.IgnoreCase),
        new(@"(?:bad|corrupt)(?: or [a-z]+)? model", RegexOptions.IgnoreCase),
        new(@"TLS file", RegexOptions.IgnoreCase),
        new(@"public key", RegexOptions.IgnoreCase),
        new(@"BPF filter", RegexOptions.IgnoreCase),
        new(@"unknown (?:key|section)", RegexOptions.IgnoreCase),
        new(@"no broker|broker is still unreachable", RegexOptions.IgnoreCase),
    ];

    [Fact]
    public void Docs_EveryExitCodeStatement_AgreesWithTheReadmeTable()
    {
        string readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        Dictionary<int, string> rows = TableRow().Matches(readme).ToDictionary(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), m => m.Groups[2].Value);
        Assert.Equal([0, 1, 69, 70, 78], rows.Keys.Order());

        List<string> disagreements = [];
        int statements = 0;
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md").Append(Path.Combine(RepositoryPaths.Root, "README.md")))
        {
            // The README's table is the agent's; its trainer sections have their own exit codes.
            string[] lines = File.ReadAllLines(file);
            if (Path.GetFileName(file) == "README.md")
            {
                lines = [.. lines.SkipWhile(line => !line.StartsWith("## Running the agent", StringComparison.Ordinal)).TakeWhile((line, i) => i == 0 || !line.StartsWith("## ", StringComparison.Ordinal))];
            }

            string prose = string.Join(' ', lines.Where(line => !line.StartsWith('|')));
            foreach (string sentence in SentenceEnd().Split(prose))
            {
                // A sentence may tie several conditions to several codes: each code takes the words since the previous one.
                int clauseStart = 0;
                foreach (Match statement in ExitStatement().Matches(sentence))
                {
                    statements++;
                    string clause = sentence[clauseStart..(statement.Index + statement.Length)];
                    clauseStart = statement.Index + statement.Length;
                    int code = int.Parse(statement.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                    string where = $"{Path.GetFileName(file)}: \"{sentence.Trim()}\"";
                    if (!rows.TryGetValue(code, out string? row))
                    {
                        disagreements.Add($"{where} names exit code {code}, which the README's table does not list");
                        continue;
                    }

                    disagreements.AddRange(s_conditions
                        .Where(condition => condition.IsMatch(clause) && !condition.IsMatch(row))
                        .Select(condition => $"{where} ties '{condition.Match(clause).Value}' to exit code {code}, whose README row does not name it"));
                }
            }
        }

        Assert.True(statements >= 3, $"only {statements} exit-code statements found: the pattern no longer matches the docs");
        Assert.Empty(disagreements);
    }

    [GeneratedRegex(@"^\| (\d+) \| (.+)$", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"(?<=[.;:])\s+(?=[A-Z(`])")]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"exit(?:s|ing)?(?: with)?(?: code| status)? (\d+)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExitStatement();
}
