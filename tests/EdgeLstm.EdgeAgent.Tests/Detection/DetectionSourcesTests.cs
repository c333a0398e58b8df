using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class DetectionSourcesTests
{
    public static TheoryData<string, string, bool, string> Kinds => new()
    {
        { "live", HostWindowFeatures.SchemaName, false, "interface eth0, 1 s windows" },
        { "replay", HostWindowFeatures.SchemaName, true, "capture lab.pcap at speed max, 1 s windows" },
        { "zeek", FlowFeatures.SchemaName, true, "Zeek conn.log conn.log from its end" },
    };

    private static IFeatureSource Create(DetectionOptions options, double modelWindowSeconds = 1) =>
        DetectionSources.Create(options, new AgentCounters(), TimeProvider.System, NullLogger.Instance, modelWindowSeconds);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Create_EachKind_HasItsSchemaLossRuleAndDescription(string kind, string schema, bool lossless, string description)
    {
        IFeatureSource source = Create(new DetectionOptions { Source = Enum.Parse<DetectionSourceKind>(kind, ignoreCase: true), CaptureFile = "lab.pcap", ConnLog = "conn.log" });

        Assert.Equal(schema, source.Schema.Name);
        Assert.Equal(lossless, source.IsLossless);
        Assert.Equal(description, source.Description);
    }

    [Theory]
    [InlineData("live", 5.0, 5.0)]
    [InlineData("replay", 0.25, 0.25)]
    [InlineData("replay", 0.0, 1.0)]
    [InlineData("replay", double.NaN, 1.0)]
    [InlineData("live", 1e308, 1.0)]
    [InlineData("zeek", 5.0, 0.0)]
    public void Create_ModelWindow_PacketSourcesComputeItWhereTheExtractorCan(string kind, double modelWindow, double expected)
    {
        IFeatureSource source = Create(new DetectionOptions { Source = Enum.Parse<DetectionSourceKind>(kind, ignoreCase: true), CaptureFile = "lab.pcap", ConnLog = "conn.log" }, modelWindow);

        Assert.Equal(TimeSpan.FromSeconds(expected), source.Schema.Window);
    }

    [Fact]
    public void Create_UndefinedKind_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Create(new DetectionOptions { Source = (DetectionSourceKind)7 }));

        Assert.Contains("Detection:Source", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HostWindowFeatures.SchemaName, "Detection:Source 'live' or 'replay'")]
    [InlineData(FlowFeatures.SchemaName, "Detection:Source 'zeek'")]
    [InlineData("other", null)]
    public void SourcesOf_Schema_NamesTheSourcesThatComputeIt(string schema, string? expected)
    {
        Assert.Equal(expected, DetectionSources.SourcesOf(schema));
    }

    [Fact]
    public async Task RunAsync_ReplayWithIgnoredNetwork_WritesNoRowOfIt()
    {
        var options = new DetectionOptions { Source = DetectionSourceKind.Replay, CaptureFile = SampleFiles.TrafficLab("lab.pcap"), IgnoreNetworks = ["10.77.0.66/32"] };
        IFeatureSource source = Create(options);
        Channel<FeatureRow> queue = Channel.CreateUnbounded<FeatureRow>();

        await source.RunAsync(queue.Writer, CancellationToken.None);

        List<FeatureRow> rows = [];
        await foreach (FeatureRow row in queue.Reader.ReadAllAsync())
        {
            rows.Add(row);
        }

        Assert.True(rows.Count > 100, $"{rows.Count} rows");
        Assert.DoesNotContain(rows, r => r.Entity == HostAddress.Parse("10.77.0.66"));
    }
}
