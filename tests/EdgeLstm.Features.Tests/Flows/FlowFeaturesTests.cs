using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Flows;

public sealed class FlowFeaturesTests
{
    private static int Index(string name) => FlowFeatures.Definitions.Select(d => d.Name).ToList().IndexOf(name);

    [Fact]
    public void Write_RejectedTelnetAttempt_SetsCountersAndOneHotFlags()
    {
        var record = new FlowRecord
        {
            TimestampNanoseconds = 1,
            OriginHost = HostAddress.Parse("192.168.100.103"),
            ResponderHost = HostAddress.Parse("65.127.233.163"),
            ResponderPort = 23,
            Protocol = "tcp",
            ConnectionState = "REJ",
            DurationSeconds = 2.5,
            OriginPackets = 3,
            OriginIPBytes = 180,
        };
        float[] features = Enumerable.Repeat(-1f, FlowFeatures.Count).ToArray();

        FlowFeatures.Write(record, features);

        Assert.Equal(2.5f, features[Index("duration")]);
        Assert.Equal(3, features[Index("orig_pkts")]);
        Assert.Equal(180, features[Index("orig_ip_bytes")]);
        Assert.Equal(0, features[Index("resp_bytes")]);
        Assert.Equal(1, features[Index("proto_tcp")]);
        Assert.Equal(0, features[Index("proto_udp")]);
        Assert.Equal(1, features[Index("state_rej")]);
        Assert.Equal(0, features[Index("state_s0")]);
        Assert.Equal(1, features[Index("resp_port_system")]);
        Assert.Equal(0, features[Index("has_service")]);
        Assert.Equal(3, features.Count(f => f == 1));
        Assert.DoesNotContain(-1f, features);
    }

    [Fact]
    public void Schema_NamesEveryDefinitionWithZeroWindow()
    {
        Assert.Equal(FlowFeatures.SchemaName, FlowFeatures.Schema.Name);
        Assert.Equal(FlowFeatures.Definitions.Select(d => d.Name), FlowFeatures.Schema.FeatureNames);
        Assert.Equal(TimeSpan.Zero, FlowFeatures.Schema.Window);
    }

    [Fact]
    public void Definitions_EveryFeature_IsDocumentedInDocsFeaturesMd()
    {
        string docs = File.ReadAllText(TestSupport.RepositoryFiles.Find("docs/features.md"));

        for (int i = 0; i < FlowFeatures.Count; i++)
        {
            FeatureDefinition definition = FlowFeatures.Definitions[i];
            Assert.Contains($"| {i} | `{definition.Name}` | {definition.Unit} |", docs, StringComparison.Ordinal);
        }
    }
}
