using BenchmarkDotNet.Attributes;
using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Benchmarks.Features;

/// <summary>Measures one core's throughput over a capture file ($EDGELSTM_BENCH_CAPTURE): reading alone,
/// reading and decoding, and the whole feature path. bench/features-throughput.sh builds the capture and
/// turns the times into packets per second next to tcpdump's.</summary>
[MemoryDiagnoser]
public class FeaturePipelineBenchmarks
{
    private string _path = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _path = Environment.GetEnvironmentVariable("EDGELSTM_BENCH_CAPTURE")
            ?? throw new InvalidOperationException("Set EDGELSTM_BENCH_CAPTURE to a pcap or pcapng file.");
        Console.WriteLine($"// capture {_path}: {Read()} packets");
    }

    [Benchmark]
    public long Read()
    {
        long packets = 0;
        using IPacketSource source = CaptureFile.Open(_path);
        while (source.TryReadPacket(out _))
        {
            packets++;
        }

        return packets;
    }

    [Benchmark]
    public long ReadDecode()
    {
        long ok = 0;
        var decoder = new PacketDecoder();
        using IPacketSource source = CaptureFile.Open(_path);
        while (source.TryReadPacket(out RawPacket raw))
        {
            ok += decoder.Decode(raw, out _) == DecodeStatus.Ok ? 1 : 0;
        }

        return ok;
    }

    [Benchmark]
    public long ReadDecodeFeatures()
    {
        long rows = 0;
        var decoder = new PacketDecoder();
        var extractor = new WindowFeatureExtractor();
        float[] features = new float[extractor.Schema.FeatureCount];
        using IPacketSource source = CaptureFile.Open(_path);
        while (source.TryReadPacket(out RawPacket raw))
        {
            if (decoder.Decode(raw, out DecodedPacket packet) == DecodeStatus.Ok && extractor.Process(packet))
            {
                while (extractor.TryReadWindow(features, out _, out _))
                {
                    rows++;
                }
            }
        }

        extractor.Flush();
        while (extractor.TryReadWindow(features, out _, out _))
        {
            rows++;
        }

        return rows;
    }
}
