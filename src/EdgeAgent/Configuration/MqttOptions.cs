namespace EdgeLstm.EdgeAgent.Configuration;

/// <summary>How the agent reaches its MQTT broker.</summary>
internal sealed class MqttOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Mqtt";

    /// <summary>Gets or sets the broker host name or address.</summary>
    public string Host { get; set; } = "localhost";

    /// <summary>Gets or sets the broker port (1883 plain, 8883 TLS by convention).</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Gets or sets the protocol version.</summary>
    public MqttProtocol Protocol { get; set; } = MqttProtocol.V5;

    /// <summary>Gets or sets the client id; empty means <c>edgelstm-{deviceId}</c>.</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>Gets or sets the keep-alive interval in seconds.</summary>
    public int KeepAliveSeconds { get; set; } = 30;

    /// <summary>Gets or sets the user name; empty means anonymous.</summary>
    public string Username { get; set; } = string.Empty;

    /// <summary>Gets or sets the password, used only with <see cref="Username"/>.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>Gets or sets the CA certificate file (PEM); setting it turns TLS on.</summary>
    public string CaFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the client certificate file (PEM), with <see cref="KeyFile"/>.</summary>
    public string CertFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the client private key file (PEM, unencrypted), with <see cref="CertFile"/>.</summary>
    public string KeyFile { get; set; } = string.Empty;

    /// <summary>Gets or sets the first reconnect delay in seconds; it doubles up to <see cref="ReconnectMaxDelaySeconds"/>, and
    /// each delay is drawn between half and all of the current bound.</summary>
    public int ReconnectMinDelaySeconds { get; set; } = 1;

    /// <summary>Gets or sets the longest reconnect delay in seconds; low, so a returning broker is used within seconds.</summary>
    public int ReconnectMaxDelaySeconds { get; set; } = 5;

    /// <summary>Gets or sets the seconds a connection attempt (TCP, TLS and CONNACK) may take.</summary>
    public int ConnectTimeoutSeconds { get; set; } = 10;

    /// <summary>Gets or sets the seconds an alert the broker refused (an MQTT 5 PUBACK reason code such as NotAuthorized)
    /// waits before it is published again.</summary>
    public int RefusedRetrySeconds { get; set; } = 60;

    /// <summary>Gets or sets how many QoS 1 messages may await their acknowledgement at once.</summary>
    public int MaxInflight { get; set; } = 20;

    /// <summary>Gets or sets what happens when no connection is made within <see cref="StartupTimeoutSeconds"/> of starting.</summary>
    public MqttStartupFailure StartupFailure { get; set; } = MqttStartupFailure.Retry;

    /// <summary>Gets or sets the seconds the first connection may take before <see cref="StartupFailure"/> applies.</summary>
    public int StartupTimeoutSeconds { get; set; } = 30;

    /// <summary>Gets a value indicating whether TLS is configured.</summary>
    public bool UseTls => CaFile.Length > 0;

    /// <summary>Resolves the client id for a device.</summary>
    /// <param name="deviceId">The device id from <see cref="AgentOptions"/>.</param>
    /// <returns><see cref="ClientId"/>, or <c>edgelstm-{deviceId}</c> when it is empty.</returns>
    public string ResolveClientId(string deviceId) => ClientId.Length > 0 ? ClientId : "edgelstm-" + deviceId;
}
