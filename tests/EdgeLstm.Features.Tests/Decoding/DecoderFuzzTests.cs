using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Tests.TestSupport;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Decoding;

/// <summary>Seeded fuzzing: mutated real captures must only ever raise <see cref="CaptureFormatException"/>,
/// the decoder must never throw, and every packet read must be counted once.</summary>
public sealed class DecoderFuzzTests
{
    private const int Mutations = 3_000;

    [SkippableTheory]
    [InlineData("pcap", 1)]
    [InlineData("pcapng", 2)]
    [InlineData("pcapng-big-endian", 3)]
    public void ReadAndDecode_MutatedCaptures_OnlyDocumentedExceptionAndCountsAddUp(string format, int seed)
    {
        byte[] original = Seed(format);
        var random = new Random(seed);
        int formatErrors = 0;
        long packets = 0;
        for (int i = 0; i < Mutations; i++)
        {
            byte[] mutated = Mutate(original, random);
            var decoder = new PacketDecoder();
            var extractor = new WindowFeatureExtractor(new WindowFeatureOptions { MaxHosts = 16 });
            long read = 0;
            try
            {
                using IPacketSource source = CaptureFile.Open(new MemoryStream(mutated), $"mutation {i}");
                while (source.TryReadPacket(out RawPacket raw))
                {
                    read++;
                    Assert.True(read <= mutated.Length / 16, "a reader returned more packets than the file can hold");
                    if (decoder.Decode(raw, out DecodedPacket packet) == DecodeStatus.Ok)
                    {
                        extractor.Process(packet);
                    }
                }
            }
            catch (CaptureFormatException)
            {
                formatErrors++;
            }

            extractor.Flush();
            long counted = Enum.GetValues<DecodeStatus>().Sum(decoder.GetCount);
            Assert.Equal(read, decoder.TotalPackets);
            Assert.Equal(read, counted);
            packets += read;
        }

        Assert.True(formatErrors > 0, "some mutations must corrupt the framing");
        Assert.True(packets > Mutations, "most mutations must still yield packets");
    }

    [SkippableFact]
    public void Open_MutatedGzipCaptures_OnlyDocumentedException()
    {
        byte[] original;
        using (var compressed = new MemoryStream())
        {
            using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Seed("pcap"));
            }

            original = compressed.ToArray();
        }

        var random = new Random(4);
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-fuzz-{Guid.NewGuid():N}.pcap.gz");
        int formatErrors = 0;
        try
        {
            for (int i = 0; i < 300; i++)
            {
                File.WriteAllBytes(path, Mutate(original, random));
                try
                {
                    using IPacketSource source = CaptureFile.Open(path);
                    while (source.TryReadPacket(out _))
                    {
                    }
                }
                catch (CaptureFormatException)
                {
                    formatErrors++;
                }
            }
        }
        finally
        {
            File.Delete(path);
        }

        Assert.InRange(formatErrors, 1, 300);
    }

    [Fact]
    public void DecodeFrame_RandomBytesOnEveryLinkType_NeverThrows()
    {
        var random = new Random(5);
        LinkType[] linkTypes = Enum.GetValues<LinkType>();
        byte[] buffer = new byte[128];
        int ok = 0;
        for (int i = 0; i < 200_000; i++)
        {
            int length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            if (length > 14 && random.Next(2) == 0)
            {
                buffer[12] = 0x08;
                buffer[13] = 0x00;
                buffer[14] = (byte)(0x40 | random.Next(16));
            }

            DecodeStatus status = PacketDecoder.DecodeFrame(linkTypes[random.Next(linkTypes.Length)], buffer.AsSpan(0, length), 0, length, out _);
            ok += status == DecodeStatus.Ok ? 1 : 0;
        }

        Assert.InRange(ok, 1, 199_999);
    }

    private static byte[] Seed(string format)
    {
        string? path = SharedDatasets.Find("esnet-scan-pcaps/nmap_nmap_80_w_service_detection.pcap");
        Skip.If(path is null, SharedDatasets.SkipMessage);
        var packets = new List<CaptureWriter.Packet>();
        using (IPacketSource source = CaptureFile.Open(path!))
        {
            while (source.TryReadPacket(out RawPacket raw) && packets.Count < 60)
            {
                packets.Add(new(raw.TimestampNanoseconds, raw.Data.ToArray(), packets.Count % 2, raw.OriginalLength));
            }
        }

        return format switch
        {
            "pcap" => CaptureWriter.Pcap(packets),
            "pcapng" => CaptureWriter.PcapNg(packets, [(1, null), (1, 9)]),
            _ => CaptureWriter.PcapNg(packets, [(1, 9), (1, null)], bigEndian: true),
        };
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        byte[] copy = (byte[])original.Clone();
        int edits = random.Next(1, 9);
        for (int e = 0; e < edits; e++)
        {
            int at = random.Next(copy.Length);
            switch (random.Next(4))
            {
                case 0:
                    copy[at] = (byte)random.Next(256);
                    break;
                case 1:
                    copy[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    copy[at] = random.Next(2) == 0 ? (byte)0xFF : (byte)0;
                    break;
                default:
                    Array.Resize(ref copy, Math.Max(1, at));
                    break;
            }
        }

        return copy;
    }
}
