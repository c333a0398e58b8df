using System.Net.Sockets;
using System.Text;
using EdgeLstm.EdgeAgent.Systemd;
using EdgeLstm.EdgeAgent.Tests.TestSupport;

namespace EdgeLstm.EdgeAgent.Tests.Systemd;

public sealed class SystemdNotifierTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Notify_PathSocket_SendsOneDatagram()
    {
        string path = _temp.Combine("notify.sock");
        using Socket receiver = Bind(new UnixDomainSocketEndPoint(path));
        using var notifier = new SystemdNotifier(path, null);

        Assert.True(notifier.Notify("READY=1"));

        Assert.Equal("READY=1", Receive(receiver));
    }

    [Fact]
    public void Notify_AbstractName_SendsToAbstractNamespace()
    {
        string name = "edgelstm-test-" + Guid.NewGuid().ToString("N");
        using Socket receiver = Bind(new UnixDomainSocketEndPoint("\0" + name));
        using var notifier = new SystemdNotifier("@" + name, null);

        Assert.True(notifier.Notify("STOPPING=1"));
        Assert.True(notifier.Notify("WATCHDOG=1"));

        Assert.Equal("STOPPING=1", Receive(receiver));
        Assert.Equal("WATCHDOG=1", Receive(receiver));
    }

    [Fact]
    public void Notify_NoSocket_IsDisabledAndSendsNothing()
    {
        using var notifier = new SystemdNotifier(null, null);

        Assert.False(notifier.IsEnabled);
        Assert.False(notifier.Notify("READY=1"));
    }

    [Fact]
    public void Constructor_RelativeSocketName_Throws() =>
        Assert.Throws<ArgumentException>(() => new SystemdNotifier("relative.sock", null));

    [Theory]
    [InlineData("30000000", null, 30.0)]
    [InlineData("30000000", "1234", 30.0)]
    [InlineData("30000000", "999", null)]
    [InlineData("0", null, null)]
    [InlineData("abc", null, null)]
    [InlineData(null, null, null)]
    public void FromValues_WatchdogVariables_ApplyOnlyToThisProcess(string? microseconds, string? pid, double? expectedSeconds)
    {
        using SystemdNotifier notifier = SystemdNotifier.FromValues(null, microseconds, pid, processId: 1234);

        Assert.Equal(expectedSeconds, notifier.WatchdogTimeout?.TotalSeconds);
    }

    private static Socket Bind(UnixDomainSocketEndPoint endpoint)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(endpoint);
        socket.ReceiveTimeout = 10_000;
        return socket;
    }

    private static string Receive(Socket socket)
    {
        byte[] buffer = new byte[256];
        int length = socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
