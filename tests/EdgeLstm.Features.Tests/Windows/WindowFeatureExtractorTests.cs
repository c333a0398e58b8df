using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Tests.TestSupport;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class WindowFeatureExtractorTests
{
    private const long Second = 1_000_000_000;
    private const long Base = 1_700_000_000 * Second;
    private const string A = "10.0.0.1";
    private const string B = "10.0.0.2";

    // A GC started by another test's thread can charge this thread with up to one unused 8 KB allocation
    // context; one object per packet would cost at least 24 bytes × 20,000 packets.
    private const long AllocationNoise = 32 * 1024;

    private static int Index(string name) => HostWindowFeatures.Definitions.Select(d => d.Name).ToList().IndexOf(name);

    private static DecodedPacket Decode(long timestamp, byte[] frame)
    {
        Assert.Equal(DecodeStatus.Ok, PacketDecoder.DecodeFrame(LinkType.Ethernet, frame, timestamp, frame.Length, out DecodedPacket packet));
        return packet;
    }

    private static List<FeatureRow> Run(WindowFeatureExtractor extractor, IEnumerable<DecodedPacket> packets, bool drainEveryPacket = true)
    {
        var rows = new List<FeatureRow>();
        foreach (DecodedPacket packet in packets)
        {
            extractor.Process(packet);
            while (drainEveryPacket && extractor.TryReadRow(out FeatureRow? row))
            {
                rows.Add(row);
            }
        }

        extractor.Flush();
        while (extractor.TryReadRow(out FeatureRow? row))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static List<FeatureRow> Drain(WindowFeatureExtractor extractor)
    {
        List<FeatureRow> rows = [];
        while (extractor.TryReadRow(out FeatureRow? row))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>A scans three ports of B: B resets port 22, accepts port 80 and ignores 443.</summary>
    private static List<DecodedPacket> SmallScan() =>
    [
        Decode(Base + (Second / 10), FrameBuilder.Tcp(A, B, 40000, 22, FrameBuilder.Syn)),
        Decode(Base + (2 * Second / 10), FrameBuilder.Tcp(A, B, 40001, 80, FrameBuilder.Syn)),
        Decode(Base + (25 * Second / 100), FrameBuilder.Tcp(B, A, 22, 40000, FrameBuilder.Rst | FrameBuilder.Ack)),
        Decode(Base + (3 * Second / 10), FrameBuilder.Tcp(B, A, 80, 40001, FrameBuilder.Syn | FrameBuilder.Ack)),
        Decode(Base + (4 * Second / 10), FrameBuilder.Tcp(A, B, 40002, 443, FrameBuilder.Syn, payload: 10)),
    ];

    [Fact]
    public void CloseWindowsEndedBy_BeforeTheWindowEnds_CompletesNothing()
    {
        var extractor = new WindowFeatureExtractor();
        extractor.Process(Decode(Base + (Second / 10), FrameBuilder.Udp(A, B, 1000, 2000)));

        Assert.False(extractor.CloseWindowsEndedBy(Base + Second - 1));
        Assert.Equal(0, extractor.WindowsCompleted);
    }

    [Fact]
    public void CloseWindowsEndedBy_AtTheWindowEnd_CompletesItsRowsWithoutAnotherPacket()
    {
        var extractor = new WindowFeatureExtractor();
        List<FeatureRow> expected = Run(new WindowFeatureExtractor(), SmallScan());
        foreach (DecodedPacket packet in SmallScan())
        {
            extractor.Process(packet);
        }

        Assert.True(extractor.CloseWindowsEndedBy(Base + Second));
        List<FeatureRow> rows = [];
        while (extractor.TryReadRow(out FeatureRow? row))
        {
            rows.Add(row);
        }

        Assert.Equal(expected.Select(r => (r.Entity, r.WindowStartNanoseconds)), rows.Select(r => (r.Entity, r.WindowStartNanoseconds)));
        Assert.Equal(expected.Select(r => r.Features), rows.Select(r => r.Features));
        Assert.False(extractor.Flush());
    }

    [Fact]
    public void CloseWindowsEndedBy_LatePacketOfTheClosedWindow_GoesToTheNextWindowAndIsCounted()
    {
        var extractor = new WindowFeatureExtractor();
        extractor.Process(Decode(Base + (Second / 10), FrameBuilder.Udp(A, B, 1000, 2000)));
        extractor.CloseWindowsEndedBy(Base + (3 * Second / 2));
        List<FeatureRow> first = Drain(extractor);

        extractor.Process(Decode(Base + (9 * Second / 10), FrameBuilder.Udp(A, B, 1000, 2000)));
        extractor.Flush();
        List<FeatureRow> late = Drain(extractor);

        Assert.Equal([Base, Base], first.Select(r => r.WindowStartNanoseconds));
        Assert.Equal([Base + Second, Base + Second], late.Select(r => r.WindowStartNanoseconds));
        Assert.Equal(1, extractor.OutOfOrderPackets);
    }

    [Fact]
    public void CloseWindowsEndedBy_NoOpenWindow_LeavesTheNextPacketInItsOwnWindow()
    {
        var extractor = new WindowFeatureExtractor();
        Assert.False(extractor.CloseWindowsEndedBy(Base + (10 * Second)));

        extractor.Process(Decode(Base + (Second / 10), FrameBuilder.Udp(A, B, 1000, 2000)));
        extractor.Flush();

        Assert.All(Drain(extractor), row => Assert.Equal(Base, row.WindowStartNanoseconds));
        Assert.Equal(0, extractor.OutOfOrderPackets);
    }

    [Fact]
    public void Process_SmallScan_ScannerRowHasKnownAnswers()
    {
        List<FeatureRow> rows = Run(new WindowFeatureExtractor(), SmallScan());

        Assert.Equal(2, rows.Count);
        FeatureRow a = rows[0];
        Assert.Equal(HostAddress.Parse(A), a.Entity);
        Assert.Equal(Base, a.WindowStartNanoseconds);
        float[] f = a.Features;
        Assert.Equal(3, f[Index("pkts_out")]);
        Assert.Equal(2, f[Index("pkts_in")]);
        Assert.Equal((3 * 54) + 10, f[Index("bytes_out")]);
        Assert.Equal(2 * 54, f[Index("bytes_in")]);
        Assert.Equal(((5 * 54) + 10) / 5f, f[Index("size_mean")], 4);
        Assert.Equal(4f, f[Index("size_std")], 4);
        Assert.Equal(54, f[Index("size_min")]);
        Assert.Equal(64, f[Index("size_max")]);
        Assert.Equal(3, f[Index("tcp_syn_out")]);
        Assert.Equal(0, f[Index("tcp_synack_out")]);
        Assert.Equal(1, f[Index("tcp_synack_in")]);
        Assert.Equal(1, f[Index("tcp_rst_in")]);
        Assert.Equal(1, f[Index("distinct_peers")]);
        Assert.Equal(3, f[Index("distinct_remote_ports_out")]);
        Assert.Equal(2, f[Index("distinct_local_ports_in")]);
        Assert.Equal(1, f[Index("frac_tcp")]);
        Assert.Equal(0, f[Index("frac_udp")]);
        Assert.Equal(2, f[Index("syn_unanswered_out")]);
        Assert.Equal(3, f[Index("failed_connections")]);
        Assert.Equal(0.075f, f[Index("iat_mean")], 6);
        Assert.Equal(0.025f, f[Index("iat_std")], 6);
        Assert.Equal(0.05f, f[Index("iat_min")], 6);
        Assert.Equal(0.1f, f[Index("iat_max")], 6);

        double[] times = [0.1, 0.2, 0.25, 0.3, 0.4];
        double expectedWeight = times.Sum(t => Math.Pow(2, -5 * (1.0 - t)));
        Assert.Equal(expectedWeight, f[Index("damped_weight_l5")], 5);
        Assert.Equal(56f, f[Index("damped_size_mean_l0_01")], 1);
    }

    [Fact]
    public void Process_SmallScan_TargetRowCountsInboundSyns()
    {
        List<FeatureRow> rows = Run(new WindowFeatureExtractor(), SmallScan());

        float[] f = rows.Single(r => r.Entity == HostAddress.Parse(B)).Features;
        Assert.Equal(3, f[Index("tcp_syn_in")]);
        Assert.Equal(1, f[Index("tcp_synack_out")]);
        Assert.Equal(1, f[Index("tcp_rst_out")]);
        Assert.Equal(3, f[Index("distinct_local_ports_in")]);
        Assert.Equal(0, f[Index("failed_connections")]);
    }

    [Fact]
    public void Process_PacketsInTwoWindows_EmitsOneRowPerHostPerWindow()
    {
        DecodedPacket[] packets =
        [
            Decode(Base + (Second / 2), FrameBuilder.Udp(A, B, 5000, 53, FrameBuilder.DnsQuery(2))),
            Decode(Base + (3 * Second) + 1, FrameBuilder.Udp(A, B, 5000, 53, FrameBuilder.DnsQuery(1))),
        ];

        List<FeatureRow> rows = Run(new WindowFeatureExtractor(), packets);

        Assert.Equal([Base, Base, Base + (3 * Second), Base + (3 * Second)], rows.Select(r => r.WindowStartNanoseconds));
        Assert.Equal(2, rows[0].Features[Index("dns_queries_out")]);
        Assert.Equal(1, rows[2].Features[Index("dns_queries_out")]);
        Assert.Equal(1, rows[0].Features[Index("frac_udp")]);
    }

    [Fact]
    public void Process_IcmpUnreachable_CountsAsFailedConnectionOfReceiver()
    {
        DecodedPacket[] packets = [Decode(Base, FrameBuilder.Icmp(B, A, 3, 3))];

        List<FeatureRow> rows = Run(new WindowFeatureExtractor(), packets);

        float[] a = rows.Single(r => r.Entity == HostAddress.Parse(A)).Features;
        Assert.Equal(1, a[Index("icmp_unreachable_in")]);
        Assert.Equal(1, a[Index("failed_connections")]);
        Assert.Equal(1, a[Index("frac_icmp")]);
    }

    [Fact]
    public void Process_ReadingRowsAtAnyPoint_GivesTheSameRows()
    {
        List<DecodedPacket> packets = RandomTraffic(seed: 7, count: 5_000, hosts: 40);

        List<FeatureRow> eager = Run(new WindowFeatureExtractor(), packets, drainEveryPacket: true);
        List<FeatureRow> late = Run(new WindowFeatureExtractor(), packets, drainEveryPacket: false);

        Assert.True(eager.Count > 40);
        Assert.Equal(eager.Count, late.Count);
        for (int i = 0; i < eager.Count; i++)
        {
            Assert.Equal(eager[i].Entity, late[i].Entity);
            Assert.Equal(eager[i].WindowStartNanoseconds, late[i].WindowStartNanoseconds);
            Assert.Equal(eager[i].Features, late[i].Features);
        }
    }

    [Fact]
    public void Process_MoreNewHostsThanCapInOneWindow_AggregatesByPeerAndDropsNothing()
    {
        var extractor = new WindowFeatureExtractor(new WindowFeatureOptions { MaxHosts = 4 });
        var packets = new List<DecodedPacket>();
        for (int i = 0; i < 10; i++)
        {
            packets.Add(Decode(Base + i, FrameBuilder.Udp($"192.0.2.{i + 1}", B, 1000, 2000)));
        }

        List<FeatureRow> rows = Run(extractor, packets);

        // 192.0.2.1, B, 192.0.2.2 and 192.0.2.3 fill the table; the other seven sources find every host active.
        Assert.Equal(4, extractor.HostsTracked);
        Assert.Equal(0, extractor.HostsEvicted);
        Assert.Equal(7, extractor.PacketsAggregated);
        Assert.Equal(0, extractor.PacketsToOverflow);
        Assert.Equal(5, rows.Count);
        Assert.Contains(rows, r => r.Entity == HostAddress.Parse(B) && r.Features[Index("pkts_in")] == 10);
        FeatureRow aggregate = Assert.Single(rows, r => r.Entity.IsAggregate);
        Assert.Equal("untracked->10.0.0.2", aggregate.Entity.ToString());
        Assert.Equal(7, aggregate.Features[Index("pkts_out")]);
    }

    [Fact]
    public void Process_TableFullOfIdleHosts_EvictsTheLeastRecentIdleHost()
    {
        var extractor = new WindowFeatureExtractor(new WindowFeatureOptions { MaxHosts = 4 });
        var packets = new List<DecodedPacket>();
        for (int i = 0; i < 3; i++)
        {
            packets.Add(Decode(Base + i, FrameBuilder.Udp($"192.0.2.{i + 1}", B, 1000, 2000)));
        }

        packets.Add(Decode(Base + Second, FrameBuilder.Udp("192.0.2.9", B, 1000, 2000)));

        List<FeatureRow> rows = Run(extractor, packets);

        Assert.Equal(1, extractor.HostsEvicted);
        Assert.Equal(0, extractor.HostsWithHistoryEvicted);
        Assert.Equal(0, extractor.PacketsAggregated);
        Assert.Contains(rows, r => r.Entity == HostAddress.Parse("192.0.2.9"));
    }

    [Fact]
    public void Process_FloodOf200kOneSourcePacketsAgainstCap4096_KeepsHostsWithHistoryAndCreditsEveryFloodPacketToTheVictim()
    {
        const int Established = 300;
        const int Flood = 200_000;
        var extractor = new WindowFeatureExtractor(new WindowFeatureOptions { MaxHosts = 4096 });
        var rows = new List<FeatureRow>();
        void Feed(DecodedPacket packet)
        {
            extractor.Process(packet);
            while (extractor.TryReadRow(out FeatureRow? row))
            {
                rows.Add(row);
            }
        }

        // Established hosts talk to the victim in three windows before the flood and once after it.
        for (int window = 0; window < 3; window++)
        {
            for (int i = 0; i < Established; i++)
            {
                Feed(Decode(Base + (window * Second) + i, FrameBuilder.Udp($"10.9.{i / 250}.{(i % 250) + 1}", B, 1000, 53)));
            }
        }

        long floodStart = Base + (3 * Second);
        byte[] frame = FrameBuilder.Tcp("10.0.0.1", B, 1000, 80, FrameBuilder.Syn);
        for (int i = 0; i < Flood; i++)
        {
            frame[14 + 12] = 11;
            frame[14 + 13] = (byte)(i >> 16);
            frame[14 + 14] = (byte)(i >> 8);
            frame[14 + 15] = (byte)i;
            PacketDecoder.DecodeFrame(LinkType.Ethernet, frame, floodStart + (i * 10_000L), frame.Length, out DecodedPacket packet);
            Feed(packet);
        }

        long after = floodStart + (Flood * 10_000L) + Second;
        for (int i = 0; i < Established; i++)
        {
            Feed(Decode(after + i, FrameBuilder.Udp($"10.9.{i / 250}.{(i % 250) + 1}", B, 1000, 53)));
        }

        extractor.Flush();
        rows.AddRange(Drain(extractor));

        Assert.Equal(0, extractor.HostsWithHistoryEvicted);
        Assert.True(extractor.PacketsAggregated > Flood / 2, $"{extractor.PacketsAggregated} aggregated");
        Assert.Equal(0, extractor.PacketsToOverflow);
        Assert.True(extractor.HostsTracked <= 4096);
        bool InFlood(FeatureRow row) => row.WindowStartNanoseconds >= floodStart && row.WindowStartNanoseconds < after - Second;
        Assert.Equal(Flood, rows.Where(r => r.Entity == HostAddress.Parse(B) && InFlood(r)).Sum(r => r.Features[Index("tcp_syn_in")]));
        Assert.Equal(extractor.PacketsAggregated, rows.Where(r => r.Entity.IsAggregate).Sum(r => r.Features[Index("pkts_out")]));
        Assert.All(rows.Where(r => r.Entity.IsAggregate), r => Assert.Equal("untracked->10.0.0.2", r.Entity.ToString()));

        // The established hosts kept their slots: their damped weight still carries the windows before the flood.
        FeatureRow last = rows.Last(r => r.Entity == HostAddress.Parse("10.9.0.1"));
        Assert.True(last.Features[Index("damped_weight_l0_01")] > 1.5f, $"{last.Features[Index("damped_weight_l0_01")]}");
    }

    [Fact]
    public void Process_AggregatesFullAndActive_CreditsTheOverflowEntity()
    {
        var extractor = new WindowFeatureExtractor(new WindowFeatureOptions { MaxHosts = 2, MaxAggregates = 1 });
        DecodedPacket[] packets =
        [
            Decode(Base, FrameBuilder.Udp("192.0.2.1", A, 1, 2)),
            Decode(Base + 1, FrameBuilder.Udp("192.0.2.2", A, 1, 2)),
            Decode(Base + 2, FrameBuilder.Udp("192.0.2.3", "192.0.2.1", 1, 2)),
        ];

        List<FeatureRow> rows = Run(extractor, packets);

        Assert.Equal(2, extractor.PacketsAggregated);
        Assert.Equal(1, extractor.PacketsToOverflow);
        Assert.Equal(["192.0.2.1", "10.0.0.1", "untracked->10.0.0.1", "untracked->*"], rows.Select(r => r.Entity.ToString()));
    }

    [Theory]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("0.0.0.0")]
    public void Process_NonUnicastEnd_TracksOnlyTheOtherEnd(string other)
    {
        var extractor = new WindowFeatureExtractor();

        List<FeatureRow> rows = Run(extractor, [Decode(Base, FrameBuilder.Udp(A, other, 5353, 5353)), Decode(Base + 1, FrameBuilder.Udp(other, A, 67, 68))]);

        FeatureRow row = Assert.Single(rows);
        Assert.Equal(HostAddress.Parse(A), row.Entity);
        Assert.Equal(2, extractor.AddressesFiltered);
        Assert.Null(extractor.LastSourceEntity);
        Assert.Equal<HostAddress?>(HostAddress.Parse(A), extractor.LastDestinationEntity);
    }

    [Fact]
    public void Process_IPv6MulticastAndUnspecified_AreNotTracked()
    {
        var extractor = new WindowFeatureExtractor();
        byte[] udp = FrameBuilder.UdpHeader(546, 547, []);

        List<FeatureRow> rows = Run(extractor, [Decode(Base, FrameBuilder.Ethernet(0x86DD, FrameBuilder.IPv6("::", "ff02::1:2", 17, udp)))]);

        Assert.Empty(rows);
        Assert.Equal(2, extractor.AddressesFiltered);
    }

    [Fact]
    public void Process_TrackNonUnicast_TracksMulticast()
    {
        var extractor = new WindowFeatureExtractor(new WindowFeatureOptions { TrackNonUnicast = true });

        List<FeatureRow> rows = Run(extractor, [Decode(Base, FrameBuilder.Udp(A, "224.0.0.251", 5353, 5353))]);

        Assert.Equal([HostAddress.Parse(A), HostAddress.Parse("224.0.0.251")], rows.Select(r => r.Entity));
        Assert.Equal(0, extractor.AddressesFiltered);
    }

    [Fact]
    public void Process_IgnoredNetwork_TracksOnlyTheOtherEnd()
    {
        Assert.True(WindowFeatureOptions.TryParseNetworks(["10.0.0.0/24, 192.168.7.7"], out IReadOnlyList<System.Net.IPNetwork> ignored, out _));
        var extractor = new WindowFeatureExtractor(new WindowFeatureOptions { IgnoreNetworks = ignored });

        List<FeatureRow> rows = Run(extractor, [Decode(Base, FrameBuilder.Udp(A, "192.168.1.5", 1, 2)), Decode(Base + 1, FrameBuilder.Udp("192.168.7.7", "192.168.1.5", 1, 2))]);

        FeatureRow row = Assert.Single(rows);
        Assert.Equal(HostAddress.Parse("192.168.1.5"), row.Entity);
        Assert.Equal(2, row.Features[Index("pkts_in")]);
        Assert.Equal(2, extractor.AddressesFiltered);
    }

    [Fact]
    public void Process_EveryPacket_ReportsTheEntitiesItWasCreditedTo()
    {
        var extractor = new WindowFeatureExtractor();

        extractor.Process(Decode(Base, FrameBuilder.Udp(A, B, 1, 2)));
        (HostAddress?, HostAddress?) between = (extractor.LastSourceEntity, extractor.LastDestinationEntity);
        extractor.Process(Decode(Base + 1, FrameBuilder.Udp(A, A, 1, 2)));
        (HostAddress?, HostAddress?) toSelf = (extractor.LastSourceEntity, extractor.LastDestinationEntity);
        extractor.Process(Decode(Base + 2, FrameBuilder.Ethernet(0x88CC, new byte[46])));
        (HostAddress?, HostAddress?) withoutAddresses = (extractor.LastSourceEntity, extractor.LastDestinationEntity);

        Assert.Equal<(HostAddress?, HostAddress?)>((HostAddress.Parse(A), HostAddress.Parse(B)), between);
        Assert.Equal<(HostAddress?, HostAddress?)>((HostAddress.Parse(A), null), toSelf);
        Assert.Equal<(HostAddress?, HostAddress?)>((null, null), withoutAddresses);
    }

    [Fact]
    public void Process_EarlierTimestamp_CountsOutOfOrderAndKeepsGapsNonNegative()
    {
        var extractor = new WindowFeatureExtractor();
        DecodedPacket[] packets =
        [
            Decode(Base + (Second / 2), FrameBuilder.Udp(A, B, 1, 2)),
            Decode(Base + (Second / 4), FrameBuilder.Udp(A, B, 1, 2)),
        ];

        List<FeatureRow> rows = Run(extractor, packets);

        Assert.Equal(1, extractor.OutOfOrderPackets);
        Assert.Equal(0, rows[0].Features[Index("iat_min")]);
    }

    [Fact]
    public void Process_NonIPFrame_CountsPacketWithoutAddresses()
    {
        var extractor = new WindowFeatureExtractor();
        DecodedPacket lldp = Decode(Base, FrameBuilder.Ethernet(0x88CC, new byte[46]));

        extractor.Process(lldp);

        Assert.False(extractor.Flush());
        Assert.Equal(1, extractor.PacketsWithoutAddresses);
    }

    [Fact]
    public void Process_SteadyState_AllocatesNothingPerPacket()
    {
        var extractor = new WindowFeatureExtractor(new WindowFeatureOptions { MaxHosts = 64 });
        List<DecodedPacket> packets = RandomTraffic(seed: 11, count: 20_000, hosts: 200);
        float[] row = new float[extractor.Schema.FeatureCount];
        void Pass(long shift)
        {
            foreach (DecodedPacket packet in packets)
            {
                DecodedPacket shifted = packet;
                shifted.TimestampNanoseconds += shift;
                if (extractor.Process(shifted))
                {
                    while (extractor.TryReadWindow(row, out _, out _))
                    {
                    }
                }
            }
        }

        Pass(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Pass(3600 * Second);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(extractor.HostsEvicted > 0, "the cap must be exercised");
        Assert.InRange(allocated, 0, AllocationNoise);
    }

    [Fact]
    public void Process_SpoofedFloodOf100kSources_StaysWithinCapWithoutAllocating()
    {
        var extractor = new WindowFeatureExtractor(new WindowFeatureOptions { MaxHosts = 4096 });
        byte[] frame = FrameBuilder.Tcp("10.0.0.1", B, 1000, 80, FrameBuilder.Syn);
        float[] row = new float[extractor.Schema.FeatureCount];
        void Flood(int from, int to)
        {
            for (int i = from; i < to; i++)
            {
                frame[14 + 12] = 11;
                frame[14 + 13] = (byte)(i >> 16);
                frame[14 + 14] = (byte)(i >> 8);
                frame[14 + 15] = (byte)i;
                PacketDecoder.DecodeFrame(LinkType.Ethernet, frame, Base + (i * 10_000L), frame.Length, out DecodedPacket packet);
                if (extractor.Process(packet))
                {
                    while (extractor.TryReadWindow(row, out _, out _))
                    {
                    }
                }
            }
        }

        Flood(0, 20_000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Flood(20_000, 100_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // Each of the 100,000 sources took a free slot (4,095 beside the victim's), an idle one's slot, or an aggregate.
        Assert.Equal(4096, extractor.HostsTracked);
        Assert.Equal(100_000 - 4095, extractor.HostsEvicted + extractor.PacketsAggregated);
        Assert.True(extractor.PacketsAggregated > 0, "the flood must outrun admission");
        Assert.InRange(allocated, 0, AllocationNoise);
    }

    [Fact]
    public void Schema_Default_NamesEveryDefinitionInOrder()
    {
        var extractor = new WindowFeatureExtractor();

        Assert.Equal(HostWindowFeatures.SchemaName, extractor.Schema.Name);
        Assert.Equal(HostWindowFeatures.Definitions.Select(d => d.Name), extractor.Schema.FeatureNames);
        Assert.Equal(48, extractor.Schema.FeatureCount);
        Assert.Equal(TimeSpan.FromSeconds(1), extractor.Schema.Window);
    }

    private static List<DecodedPacket> RandomTraffic(int seed, int count, int hosts)
    {
        var random = new Random(seed);
        var packets = new List<DecodedPacket>(count);
        long time = Base;
        for (int i = 0; i < count; i++)
        {
            time += random.Next(0, 2_000_000);
            string source = $"10.1.{random.Next(hosts) / 250}.{(random.Next(hosts) % 250) + 1}";
            string destination = $"10.2.0.{random.Next(1, 20)}";
            byte[] frame = random.Next(3) switch
            {
                0 => FrameBuilder.Tcp(source, destination, (ushort)random.Next(1024, 65535), (ushort)random.Next(1, 1024), (byte)random.Next(256), random.Next(0, 1400)),
                1 => FrameBuilder.Udp(source, destination, (ushort)random.Next(1024, 65535), 53, FrameBuilder.DnsQuery(1)),
                _ => FrameBuilder.Icmp(source, destination, (byte)random.Next(0, 12), 0),
            };
            packets.Add(Decode(time, frame));
        }

        return packets;
    }
}
