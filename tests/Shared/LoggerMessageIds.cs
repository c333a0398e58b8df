using System.Reflection;
using Microsoft.Extensions.Logging;

namespace EdgeLstm.TestSupport;

/// <summary>Checks the <see cref="LoggerMessageAttribute"/> event ids of one assembly against its registry of areas.</summary>
internal static class LoggerMessageIds
{
    /// <summary>Lists every <see cref="LoggerMessageAttribute"/> method of <paramref name="assembly"/> with its id.</summary>
    public static IReadOnlyList<(MethodInfo Method, int EventId)> Find(Assembly assembly) =>
        [.. assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(method => (Method: method, Attribute: method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(pair => pair.Attribute is not null)
            .Select(pair => (pair.Method, pair.Attribute!.EventId))];

    /// <summary>Describes every duplicate id, id outside its area's range, unregistered log class and overlapping pair
    /// of areas; empty when the registry holds.</summary>
    /// <param name="assembly">The assembly whose log messages are checked.</param>
    /// <param name="areas">The assembly's registry: each area's name, inclusive range and owning log class.</param>
    public static IReadOnlyList<string> Problems(Assembly assembly, IReadOnlyList<(string Name, int First, int Last, Type Owner)> areas)
    {
        var problems = new List<string>();
        var messages = Find(assembly);
        foreach (var duplicate in messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1))
        {
            problems.Add($"event id {duplicate.Key} is used by {string.Join(", ", duplicate.Select(m => Name(m.Method)))}");
        }

        foreach (var (method, eventId) in messages)
        {
            var area = areas.FirstOrDefault(a => a.Owner == method.DeclaringType);
            if (area.Owner is null)
            {
                problems.Add($"{Name(method)} (id {eventId}): its class is not registered in {assembly.GetName().Name}'s LogEvents.Areas");
            }
            else if (eventId < area.First || eventId > area.Last)
            {
                problems.Add($"{Name(method)} (id {eventId}) is outside its area {area.Name} ({area.First}-{area.Last})");
            }
        }

        for (var i = 0; i < areas.Count; i++)
        {
            for (var j = i + 1; j < areas.Count; j++)
            {
                if (areas[i].First <= areas[j].Last && areas[j].First <= areas[i].Last)
                {
                    problems.Add($"areas {areas[i].Name} and {areas[j].Name} overlap");
                }
            }
        }

        return problems;
    }

    private static string Name(MethodInfo method) => $"{method.DeclaringType?.Name}.{method.Name}";
}
