using EdgeLstm.EdgeAgent.Alerts;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Builds alerts for tests.</summary>
internal static class TestAlerts
{
    public static Alert Create(int n, DateTimeOffset? time = null)
    {
        DateTimeOffset at = time ?? new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero).AddSeconds(n);
        return new Alert(
            Guid.CreateVersion7(at),
            at,
            $"192.168.1.{n % 250}",
            7.5 + n,
            3.25,
            AlertSeverity.High,
            new AlertWindow(at.AddSeconds(-5), at, 5, 4),
            "lstm-demo-1",
            [new FeatureContribution("syn_count", 0.5, 412, 3), new FeatureContribution("distinct_ports", 0.25, 96, 2.5)]);
    }
}
