using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Tests.TestSupport;
using Xunit.Abstractions;

namespace EdgeLstm.Features.Tests.Decoding;

/// <summary>Compares the decoder with tshark, packet by packet, on real captures.</summary>
public sealed class PacketDecoderTsharkTests(ITestOutputHelper output)
{
    public static TheoryData<string> Captures => new()
    {
        "esnet-scan-pcaps/nmap_nmap_80_all.pcap",
        "esnet-scan-pcaps/masscan_udp_0_1000_20190821.pcap",
        "stopddos-pcaps/amp.dns.RRSIG.fragmented.pcap",
        "stopddos-pcaps/pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng",
        "stopddos-pcaps/amp.UDP.snmp.src161.pcapng",
        "iot-sentinel-benign-pcaps/Aria/Setup-A-1-STA.pcap",
        "iot-sentinel-benign-pcaps/HueBridge/Setup-A-1-STA.pcap",
    };

    [SkippableTheory]
    [MemberData(nameof(Captures))]
    public void Decode_SharedCapture_AgreesWithTshark(string relativePath)
    {
        string? path = SharedDatasets.Find(relativePath);
        Skip.If(path is null, $"{relativePath}: {SharedDatasets.SkipMessage}");
        CompareWithTshark(path!, relativePath);
    }

    [SkippableFact]
    public void Decode_TrafficLabSample_AgreesWithTshark()
    {
        CompareWithTshark(RepositoryFiles.Find("samples/traffic-lab/lab.pcap"), "samples/traffic-lab/lab.pcap");
    }

    private void CompareWithTshark(string path, string relativePath)
    {
        Skip.IfNot(ExternalTool.Exists("tshark"), "tshark is not installed (scripts/install-deps.sh test installs it)");

        List<TsharkPacket> expected = TsharkPacket.ReadAll(path);
        var decoder = new PacketDecoder();
        var mismatches = new List<string>();
        int index = 0;
        using (IPacketSource source = CaptureFile.Open(path))
        {
            while (source.TryReadPacket(out RawPacket raw))
            {
                DecodeStatus status = decoder.Decode(raw, out DecodedPacket packet);
                Assert.True(index < expected.Count, "the reader returned more packets than tshark");
                string? difference = expected[index].Compare(status, packet);
                if (difference is not null)
                {
                    mismatches.Add($"frame {index + 1}: {difference}");
                }

                index++;
            }
        }

        output.WriteLine($"{relativePath}: {index} packets, {index - mismatches.Count} agree with tshark, {mismatches.Count} differ");
        foreach (string mismatch in mismatches.Take(10))
        {
            output.WriteLine(mismatch);
        }

        Assert.Equal(expected.Count, index);
        Assert.Empty(mismatches);
    }
}
