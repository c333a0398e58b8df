namespace EdgeLstm.EdgeAgent;

/// <summary>Holds the text printed by <c>edgelstm-agent --help</c>.</summary>
internal static class AgentHelp
{
    /// <summary>The usage text.</summary>
    public const string Text = """
        edgelstm-agent: the EdgeLstm anomaly-detection service for IoT gateways.

        Usage: EdgeLstm.EdgeAgent [--help] [--Section:Key=value ...]

        Configuration is read from appsettings.json, /etc/edgelstm/agent.json (or the file named by
        $EDGELSTM_CONFIG), EDGELSTM__ environment variables (EDGELSTM__Mqtt__Host=...) and the command
        line, in that order; later sources win. Sections: Agent, Detection, Mqtt, Outbox, Metrics,
        StatusIndicator, Webhook, HomeAssistant (see deploy/agent.example.json). Unknown keys and unknown
        sections are errors, and so is an $EDGELSTM_CONFIG that does not name a readable file.

        Detection:Source is live (default: Detection:Interface, Filter, Promiscuous), replay
        (Detection:CaptureFile, ReplaySpeed, StopAfterReplay) or zeek (Detection:ConnLog); any other value is
        an error. Multicast, broadcast and unspecified addresses are never tracked as hosts;
        Detection:IgnoreNetworks (CIDRs, e.g. --Detection:IgnoreNetworks:0=192.168.1.1/32) leaves more out.

        Exit codes: 0 clean stop, 78 invalid configuration (the message names the setting),
        69 no broker within Mqtt:StartupTimeoutSeconds when Mqtt:StartupFailure is Exit,
        1 any other failure (for example an unwritable outbox directory or a bad model file at start).
        Under systemd it is started by deploy/edgelstm-agent.service; MQTT payloads are in docs/mqtt.md.
        """;
}
