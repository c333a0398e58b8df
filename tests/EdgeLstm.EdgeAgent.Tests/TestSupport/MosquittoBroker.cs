using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>A real Debian mosquitto broker on a free loopback port, with persistence so it can be stopped and restarted.</summary>
internal sealed class MosquittoBroker : IDisposable
{
    public const string BrokerPath = "/usr/sbin/mosquitto";
    public const string SubscriberPath = "/usr/bin/mosquitto_sub";
    public const string SkipReason = "mosquitto and mosquitto-clients are not installed (scripts/install-deps.sh test installs them)";

    private readonly TempDirectory _directory = new();
    private Process? _process;

    private MosquittoBroker(int port, Func<int, string>? secondListener)
    {
        Port = port;

        // Persistence keeps the subscriber's session and its queued QoS 1 messages across a restart.
        // "user" keeps mosquitto, started as root, from switching to a user that cannot write the directory.
        string config = $"""
            per_listener_settings true
            persistence true
            persistence_location {_directory.Path}/
            user {Environment.UserName}
            listener {port} 127.0.0.1
            allow_anonymous true

            """;
        if (secondListener is not null)
        {
            SecondPort = FreePort();
            config += secondListener(SecondPort) + "\n";
        }

        ConfigPath = _directory.Combine("mosquitto.conf");
        File.WriteAllText(ConfigPath, config);
    }

    /// <summary>Gets the port of the second listener, when one was configured.</summary>
    public int SecondPort { get; }

    public const string PublisherPath = "/usr/bin/mosquitto_pub";

    public static bool IsAvailable => File.Exists(BrokerPath) && File.Exists(SubscriberPath) && File.Exists(PublisherPath);

    public int Port { get; }

    public string ConfigPath { get; }

    /// <summary>Starts a broker with an anonymous plain listener and, optionally, a second listener (given its port, returns its configuration).</summary>
    public static async Task<MosquittoBroker> StartAsync(Func<int, string>? secondListener = null)
    {
        var broker = new MosquittoBroker(FreePort(), secondListener);
        await broker.StartAgainAsync();
        return broker;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(BrokerPath, ["-c", ConfigPath])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        for (int attempt = 0; attempt < 200; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(25);
            }
        }

        throw new InvalidOperationException($"mosquitto did not listen on port {Port}");
    }

    /// <summary>Stops the broker with SIGTERM, so it saves its sessions.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        using (Process kill = Process.Start("/bin/kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            _process.Kill();
            _process.WaitForExit();
            _process.Dispose();
        }

        _directory.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
