using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Interop;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Mqtt;

/// <summary>An <see cref="IAlertPublisher"/> over libmosquitto, with its network loop on libmosquitto's own thread.</summary>
/// <remarks>
/// The native callbacks are static <see cref="UnmanagedCallersOnlyAttribute"/> methods that find this
/// instance through a <see cref="GCHandle"/> passed as the mosquitto user pointer; they only write an
/// event to <see cref="Events"/>, never block, and never throw into native code.
/// </remarks>
internal sealed unsafe class MosquittoPublisher : IAlertPublisher
{
    private static readonly Lazy<int> s_libraryInit = new(Libmosquitto.LibInit);

    // Unbounded on purpose: a native callback must neither block nor drop an acknowledgement, and the
    // number of events is bounded by MaxInflight publishes plus connection changes.
    private readonly Channel<PublisherEvent> _events = Channel.CreateUnbounded<PublisherEvent>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly MqttOptions _options;
    private readonly string _clientId;
    private readonly string _statusTopic;
    private readonly AgentStatus _status;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private GCHandle _self;
    private volatile MosquittoHandle? _handle;
    private bool _started;
    private bool _disposed;

    /// <summary>Initializes a new instance of the <see cref="MosquittoPublisher"/> class.</summary>
    /// <param name="mqttOptions">The broker options.</param>
    /// <param name="agentOptions">The agent identity, for the client id and the status topic.</param>
    /// <param name="status">The status source, for the last will.</param>
    /// <param name="logger">The logger.</param>
    public MosquittoPublisher(IOptions<MqttOptions> mqttOptions, IOptions<AgentOptions> agentOptions, AgentStatus status, ILogger<MosquittoPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(mqttOptions);
        ArgumentNullException.ThrowIfNull(agentOptions);
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(logger);
        _options = mqttOptions.Value;
        _clientId = _options.ResolveClientId(agentOptions.Value.DeviceId);
        _statusTopic = MqttTopics.From(agentOptions.Value).Status;
        _status = status;
        _logger = logger;
    }

    /// <inheritdoc/>
    public ChannelReader<PublisherEvent> Events => _events.Reader;

    /// <inheritdoc/>
    public void Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                throw new InvalidOperationException("The MQTT client is already started.");
            }

            MosquittoErrors.ThrowIfFailed(s_libraryInit.Value, "mosquitto_lib_init");
            _self = GCHandle.Alloc(this);
            MosquittoHandle handle = Libmosquitto.New(_clientId, cleanSession: true, GCHandle.ToIntPtr(_self));
            if (handle.IsInvalid)
            {
                int errno = Marshal.GetLastPInvokeError();
                handle.Dispose();
                throw new MqttException("mosquitto_new", Libmosquitto.ErrorErrno, Marshal.GetPInvokeErrorMessage(errno));
            }

            _handle = handle;
            Configure(handle);
            MqttLog.Connecting(_logger, _options.Host, _options.Port, _clientId, _options.Protocol == MqttProtocol.V5 ? "5" : "3.1.1", _options.UseTls);

            int result = Libmosquitto.ConnectAsync(handle, _options.Host, _options.Port, _options.KeepAliveSeconds);
            if (result == MosquittoErrorCodes.Tls)
            {
                // OpenSSL reads the files when the first connection is set up, so a pair it refuses shows here.
                throw TlsRejected(MosquittoErrors.Create(result, "mosquitto_connect_async"));
            }

            if (result is Libmosquitto.ErrorErrno or MosquittoErrorCodes.Eai or MosquittoErrorCodes.Lookup)
            {
                // The broker may simply not be up yet: the loop thread retries with backoff.
                MqttLog.FirstConnectFailed(_logger, _options.Host, _options.Port, MosquittoErrors.Create(result, "mosquitto_connect_async").Message);
            }
            else
            {
                MosquittoErrors.ThrowIfFailed(result, "mosquitto_connect_async");
            }

            MosquittoErrors.ThrowIfFailed(Libmosquitto.LoopStart(handle), "mosquitto_loop_start");
            _started = true;
        }
    }

    /// <inheritdoc/>
    public int Publish(string topic, ReadOnlySpan<byte> payload, MqttQos qos, bool retain)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        MosquittoHandle handle = _handle ?? throw new InvalidOperationException("The MQTT client is not started.");
        int messageId;
        int result;
        fixed (byte* data = payload)
        {
            result = Libmosquitto.Publish(handle, out messageId, topic, payload.Length, data, (int)qos, retain);
        }

        MosquittoErrors.ThrowIfFailed(result, "mosquitto_publish");
        return messageId;
    }

    /// <inheritdoc/>
    public void Stop()
    {
        lock (_lock)
        {
            if (!_started || _handle is null)
            {
                return;
            }

            _started = false;
            _ = Libmosquitto.Disconnect(_handle);
            MosquittoErrors.ThrowIfFailed(Libmosquitto.LoopStop(_handle, force: false), "mosquitto_loop_stop");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_started && _handle is not null)
            {
                _ = Libmosquitto.Disconnect(_handle);
                _ = Libmosquitto.LoopStop(_handle, force: false);
                _started = false;
            }

            // Destroy first: after mosquitto_destroy no callback can run, so the GCHandle may go.
            _handle?.Dispose();
            if (_self.IsAllocated)
            {
                _self.Free();
            }

            _ = _events.Writer.TryComplete();
        }
    }

    private void Configure(MosquittoHandle handle)
    {
        int protocol = _options.Protocol == MqttProtocol.V5 ? Libmosquitto.ProtocolV5 : Libmosquitto.ProtocolV311;
        MosquittoErrors.ThrowIfFailed(Libmosquitto.IntOption(handle, Libmosquitto.OptionProtocolVersion, protocol), "mosquitto_int_option(MOSQ_OPT_PROTOCOL_VERSION)");

        Libmosquitto.ConnectV5CallbackSet(handle, &OnConnect);
        Libmosquitto.DisconnectV5CallbackSet(handle, &OnDisconnect);
        Libmosquitto.PublishV5CallbackSet(handle, &OnPublish);

        byte[] will = _status.CreateOfflinePayload(uptimeSeconds: null);
        fixed (byte* data = will)
        {
            MosquittoErrors.ThrowIfFailed(
                Libmosquitto.WillSet(handle, _statusTopic, will.Length, data, (int)MqttQos.AtLeastOnce, retain: true),
                "mosquitto_will_set");
        }

        if (_options.Username.Length > 0)
        {
            MosquittoErrors.ThrowIfFailed(
                Libmosquitto.UsernamePasswordSet(handle, _options.Username, _options.Password.Length > 0 ? _options.Password : null),
                "mosquitto_username_pw_set");
        }

        if (_options.UseTls)
        {
            int result = Libmosquitto.TlsSet(handle, _options.CaFile, null, NullIfEmpty(_options.CertFile), NullIfEmpty(_options.KeyFile), IntPtr.Zero);
            if (result != Libmosquitto.Success)
            {
                throw TlsRejected(MosquittoErrors.Create(result, "mosquitto_tls_set"));
            }
        }

        MosquittoErrors.ThrowIfFailed(
            Libmosquitto.ReconnectDelaySet(handle, (uint)_options.ReconnectMinDelaySeconds, (uint)_options.ReconnectMaxDelaySeconds, exponentialBackoff: true),
            "mosquitto_reconnect_delay_set");
        MosquittoErrors.ThrowIfFailed(Libmosquitto.MaxInflightMessagesSet(handle, (uint)_options.MaxInflight), "mosquitto_max_inflight_messages_set");
    }

    private SettingRejectedException TlsRejected(MqttException error) => new(
        $"libmosquitto refused the TLS files Mqtt:CaFile '{_options.CaFile}', Mqtt:CertFile '{_options.CertFile}', Mqtt:KeyFile '{_options.KeyFile}' " +
        $"(a file that cannot be read, or a key that is not the certificate's): {error.Message}",
        error);

    private static string? NullIfEmpty(string value) => value.Length > 0 ? value : null;

    private static void Post(IntPtr userData, PublisherEvent publisherEvent)
    {
        if (userData != IntPtr.Zero && GCHandle.FromIntPtr(userData).Target is MosquittoPublisher publisher)
        {
            _ = publisher._events.Writer.TryWrite(publisherEvent);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnConnect(IntPtr mosq, IntPtr userData, int resultCode, int flags, IntPtr properties)
    {
        PublisherEventKind kind = resultCode == 0 ? PublisherEventKind.Connected : PublisherEventKind.Disconnected;
        Post(userData, new PublisherEvent(kind, 0, resultCode));
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnDisconnect(IntPtr mosq, IntPtr userData, int reasonCode, IntPtr properties) =>
        Post(userData, new PublisherEvent(PublisherEventKind.Disconnected, 0, reasonCode));

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnPublish(IntPtr mosq, IntPtr userData, int messageId, int reasonCode, IntPtr properties) =>
        Post(userData, new PublisherEvent(PublisherEventKind.Published, messageId, reasonCode));
}
