using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Features.Tests.Windows;

public sealed class HostTableTests
{
    private static HostAddress Host(int i) => HostAddress.FromIPv4([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]);

    [Fact]
    public void TryTrack_HostSeenInTwoWindows_SurvivesAFloodOfOneWindowHosts()
    {
        var table = new HostTable(hosts: 10, aggregates: 0);
        table.TryTrack(Host(0), window: 0, out _);
        table.TryTrack(Host(0), window: 1, out _);

        // Every later window brings ten new hosts that are never seen again.
        for (int window = 2; window < 100; window++)
        {
            for (int i = 0; i < 10; i++)
            {
                table.TryTrack(Host(1000 + (window * 10) + i), window, out _);
            }
        }

        Assert.Equal(1, table.ProtectedHosts);
        Assert.Equal(0, table.HostsWithHistoryEvicted);
        Assert.True(table.HostsEvicted > 800, $"{table.HostsEvicted} evicted");
        Assert.True(table.TryTrack(Host(0), window: 100, out bool admitted) >= 0);
        Assert.False(admitted);
    }

    [Fact]
    public void TryTrack_EveryHostActiveInThisWindow_AdmitsNone()
    {
        var table = new HostTable(hosts: 3, aggregates: 0);
        for (int i = 0; i < 3; i++)
        {
            table.TryTrack(Host(i), window: 7, out _);
        }

        Assert.Equal(-1, table.TryTrack(Host(3), window: 7, out bool admitted));
        Assert.False(admitted);
        Assert.Equal(0, table.HostsEvicted);
        Assert.True(table.TryTrack(Host(3), window: 8, out admitted) >= 0);
        Assert.True(admitted);
        Assert.Equal(1, table.HostsEvicted);
    }

    [Fact]
    public void TryTrack_ProtectedSegmentFull_DemotesItsLeastRecentHost()
    {
        // Ten slots: at most eight protected, at least two in probation.
        var table = new HostTable(hosts: 10, aggregates: 0);
        for (int i = 0; i < 9; i++)
        {
            table.TryTrack(Host(i), window: 0, out _);
            table.TryTrack(Host(i), window: 1, out _);
        }

        Assert.Equal(8, table.ProtectedHosts);
        Assert.Equal(9, table.HostsTracked);
    }

    [Fact]
    public void TrackAggregate_SamePeerTwice_ReturnsOneSlotNamedAfterThePeer()
    {
        var table = new HostTable(hosts: 2, aggregates: 4);

        int first = table.TrackAggregate(Host(5), window: 0, out bool admitted);
        int second = table.TrackAggregate(Host(5), window: 0, out bool again);

        Assert.Equal(first, second);
        Assert.True(admitted);
        Assert.False(again);
        Assert.False(table.IsHost(first));
        Assert.Equal("untracked->10.0.0.5", table.KeyOf(first).ToString());
        Assert.Equal(1, table.AggregatesTracked);
    }

    [Fact]
    public void TrackAggregate_AggregatesFull_EvictsAnIdleOneOrOverflows()
    {
        var table = new HostTable(hosts: 2, aggregates: 1);
        int first = table.TrackAggregate(Host(1), window: 0, out _);

        int sameWindow = table.TrackAggregate(Host(2), window: 0, out bool overflowAdmitted);
        int nextWindow = table.TrackAggregate(Host(2), window: 1, out bool admitted);

        Assert.Equal(table.OverflowSlot, sameWindow);
        Assert.False(overflowAdmitted);
        Assert.Equal(HostAddress.Untracked, table.KeyOf(sameWindow));
        Assert.Equal(first, nextWindow);
        Assert.True(admitted);
        Assert.Equal(1, table.AggregatesEvicted);
    }
}
