using EdgeLstm.EdgeAgent;
using Microsoft.Extensions.Logging;

namespace EdgeLstm.EdgeAgent.Tests;

public sealed partial class LogEventsTests
{
    private static readonly (string Name, int First, int Last, Type Owner)[] s_areas =
        [.. LogEvents.Areas.Select(a => (a.Name, a.First, a.Last, a.Owner))];

    [Fact]
    public void Areas_EveryLoggerMessage_HasAUniqueIdInsideItsArea()
    {
        var problems = LoggerMessageIds.Problems(typeof(LogEvents).Assembly, s_areas);

        Assert.True(problems.Count == 0, "src/EdgeAgent/LogEvents.cs: " + string.Join("; ", problems));
    }

    [Fact]
    public void Areas_Reflection_FindsEveryLogClassMessages()
    {
        var messages = LoggerMessageIds.Find(typeof(LogEvents).Assembly);

        // Every registered area has messages: the check above is not vacuous.
        Assert.All(LogEvents.Areas, area => Assert.Contains(messages, m => m.Method.DeclaringType == area.Owner));
    }

    [Fact]
    public void Problems_IdOutsideItsRange_NamesTheMessageAndTheOverlap()
    {
        // Detection's range registered as the systemd class's: all of SystemdLog's 5000s fall outside it.
        (string, int, int, Type)[] wrong = [.. s_areas.Select(a => a.Owner == typeof(EdgeAgent.Systemd.SystemdLog) ? (a.Name, 3000, 3099, a.Owner) : a)];

        var problems = LoggerMessageIds.Problems(typeof(LogEvents).Assembly, wrong);

        Assert.Contains(problems, p => p.Contains("SystemdLog.WatchdogStarted (id 5000) is outside", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void Problems_SameIdInTwoClasses_NamesBoth()
    {
        // This test assembly's only log messages are the two below, both 9000.
        var problems = LoggerMessageIds.Problems(typeof(LogEventsTests).Assembly,
            [("first", 9000, 9099, typeof(FirstLog)), ("second", 9100, 9199, typeof(SecondLog))]);

        Assert.Contains("event id 9000 is used by FirstLog.Said, SecondLog.Said", problems);
        Assert.Contains("SecondLog.Said (id 9000) is outside its area second (9100-9199)", problems);
    }

    [Theory]
    [InlineData(typeof(EdgeLstm.Model.Serialization.ModelFormatException))]
    [InlineData(typeof(EdgeLstm.Features.Decoding.PacketDecoder))]
    public void Find_AssembliesWithoutRegistry_HaveNoLoggerMessages(Type inAssembly)
    {
        // Model and Features log nothing; a first [LoggerMessage] there needs its own LogEvents.cs and a test like this one.
        Assert.Empty(LoggerMessageIds.Problems(inAssembly.Assembly, []));
        Assert.Empty(LoggerMessageIds.Find(inAssembly.Assembly));
    }

    private static partial class FirstLog
    {
        [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "first")]
        public static partial void Said(ILogger logger);
    }

    private static partial class SecondLog
    {
        [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "second")]
        public static partial void Said(ILogger logger);
    }
}
