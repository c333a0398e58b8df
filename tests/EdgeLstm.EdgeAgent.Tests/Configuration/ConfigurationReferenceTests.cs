using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using Microsoft.Extensions.Configuration;

namespace EdgeLstm.EdgeAgent.Tests.Configuration;

/// <summary>Keeps docs/configuration.md, the one list of every agent setting with its default, generated from the options
/// classes (reflection for keys and defaults, their XML docs for the meaning), and deploy/agent.example.json complete.</summary>
/// <remarks>After changing an options class, regenerate the table: <c>EDGELSTM_UPDATE_DOCS=1 dotnet test
/// tests/EdgeLstm.EdgeAgent.Tests --filter ConfigurationReferenceTests</c>.</remarks>
public sealed partial class ConfigurationReferenceTests
{
    private const string Begin = "<!-- begin generated: EDGELSTM_UPDATE_DOCS=1 dotnet test tests/EdgeLstm.EdgeAgent.Tests --filter ConfigurationReferenceTests -->";
    private const string End = "<!-- end generated -->";

    // Defaults that depend on the machine the agent runs on, described instead of printed.
    private static readonly Dictionary<string, string> s_machineDefaults = new(StringComparer.Ordinal)
    {
        ["Agent:DeviceId"] = "the host name, lower case",
    };

    private static IEnumerable<Type> OptionsTypes() =>
        typeof(AgentOptions).Assembly.GetTypes()
            .Where(t => t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => Section(t), StringComparer.Ordinal);

    private static string Section(Type type) => (string)type.GetField("SectionName")!.GetRawConstantValue()!;

    private static IEnumerable<PropertyInfo> Settings(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.CanWrite).OrderBy(p => p.MetadataToken);

    [Fact]
    public void ConfigurationDoc_GeneratedTable_MatchesTheOptionsClasses()
    {
        string path = Path.Combine(RepositoryPaths.Root, "docs", "configuration.md");
        string text = File.ReadAllText(path).ReplaceLineEndings("\n");
        int begin = text.IndexOf(Begin, StringComparison.Ordinal);
        int end = text.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{path} has no generated block ({Begin} … {End}).");
        string current = text[(begin + Begin.Length)..end];
        string expected = "\n" + Generate();
        if (Environment.GetEnvironmentVariable("EDGELSTM_UPDATE_DOCS") == "1" && current != expected)
        {
            File.WriteAllText(path, text[..(begin + Begin.Length)] + expected + text[end..]);
            current = expected;
        }

        Assert.True(current == expected, $"docs/configuration.md is out of date with the options classes; regenerate it with {Begin[22..^4]}.");
    }

    [Fact]
    public void ExampleConfiguration_ListsEverySetting()
    {
        IConfiguration example = new ConfigurationBuilder().AddJsonFile(RepositoryPaths.Deploy("agent.example.json")).Build();

        string[] missing = [.. OptionsTypes().SelectMany(t => Settings(t).Select(p => $"{Section(t)}:{p.Name}")).Where(key => example.GetSection(key).Value is null && !example.GetSection(key).GetChildren().Any())];

        Assert.True(missing.Length == 0, "deploy/agent.example.json lacks " + string.Join(", ", missing));
    }

    private static string Generate()
    {
        XDocument docs = XDocument.Load(Path.ChangeExtension(typeof(AgentOptions).Assembly.Location, ".xml"));
        Dictionary<string, string> summaries = docs.Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Describe(m.Element("summary")!), StringComparer.Ordinal);
        var table = new StringBuilder();
        foreach (Type type in OptionsTypes())
        {
            string section = Section(type);
            object defaults = Activator.CreateInstance(type)!;
            table.Append("\n### ").Append(section).Append("\n\n| key | default | meaning |\n|---|---|---|\n");
            foreach (PropertyInfo property in Settings(type))
            {
                string key = $"{section}:{property.Name}";
                string value = s_machineDefaults.TryGetValue(key, out string? described) ? described : Render(property.GetValue(defaults));
                string meaning = summaries.GetValueOrDefault($"P:{type.FullName}.{property.Name}", "");
                table.Append(CultureInfo.InvariantCulture, $"| `{key}` | {value} | {meaning} |\n");
            }
        }

        return table.ToString();
    }

    private static string Render(object? value) => value switch
    {
        null => "(none)",
        string { Length: 0 } => "(empty)",
        string text => $"`{text}`",
        bool flag => flag ? "`true`" : "`false`",
        IFormattable number => $"`{number.ToString(null, CultureInfo.InvariantCulture)}`",
        System.Collections.IEnumerable items => $"`[{string.Join(", ", items.Cast<object>())}]`",
        _ => $"`{value}`",
    };

    // The summary as markdown: <c> as code, <see cref="…"/> as the member's name, one line, pipes escaped.
    private static string Describe(XElement summary)
    {
        var text = new StringBuilder();
        foreach (XNode node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText plain => plain.Value,
                XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
                XElement { Name.LocalName: "see" } see => $"`{((string?)see.Attribute("cref") ?? (string?)see.Attribute("langword") ?? "").Split('.', ':').Last()}`",
                XElement other => other.Value,
                _ => "",
            });
        }

        string line = Spaces().Replace(text.ToString(), " ").Trim().Replace("|", "\\|", StringComparison.Ordinal);
        if (!line.StartsWith("Gets or sets", StringComparison.Ordinal))
        {
            return line;
        }

        string rest = line["Gets or sets".Length..].TrimStart(',', ' ');
        return char.ToUpperInvariant(rest[0]) + rest[1..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
