using System.Globalization;
using EdgeLstm.EdgeAgent.Detection;

namespace EdgeLstm.EdgeAgent;

/// <summary>Holds the text printed by <c>edgelstm-agent --help</c>.</summary>
internal static class AgentHelp
{
    private static readonly DetectionOptions s_defaults = new();

    /// <summary>The usage text; the defaults it names are read from the options classes.</summary>
    public static readonly string Text = string.Create(CultureInfo.InvariantCulture, $$"""
        edgelstm-agent: the EdgeLstm anomaly-detection service for IoT gateways.

        Usage: EdgeLstm.EdgeAgent [--help] [--Section:Key=value ...]

        Configuration is read from appsettings.json, /etc/edgelstm/agent.json (or the file named by
        $EDGELSTM_CONFIG), EDGELSTM__ environment variables (EDGELSTM__Mqtt__Host=...) and the command
        line, in that order; later sources win. Sections: Agent, Detection, Mqtt, Outbox, Metrics,
        StatusIndicator, Webhook, HomeAssistant. Every key and its default: docs/configuration.md (all of them
        are in deploy/agent.example.json). Unknown keys and unknown sections are errors, and so is an
        $EDGELSTM_CONFIG that does not name a readable file.

        Detection:Source is live (default: Detection:Interface, Filter, Promiscuous), replay
        (Detection:CaptureFile, ReplaySpeed, StopAfterReplay) or zeek (Detection:ConnLog); any other value is
        an error. Multicast, broadcast and unspecified addresses are never tracked as hosts;
        Detection:IgnoreNetworks (CIDRs, e.g. --Detection:IgnoreNetworks:0=192.168.1.1/32) leaves more out.

        Alerts: a host alerts when {{s_defaults.AnomalousWindows}} of its last {{s_defaults.OfWindows}} windows score at or above the threshold
        (Detection:AnomalousWindows, Detection:OfWindows), or at once when one window scores at least
        {{s_defaults.ImmediateMultiple}}× the threshold (Detection:ImmediateMultiple, 0 = off); then it is quiet for
        Detection:CooldownSeconds ({{s_defaults.CooldownSeconds}}). Site learning: Detection:LearningHours (default {{s_defaults.LearningHours}}, off)
        scores that long without alerting, then fits the threshold for Detection:LearningAlertsPerHostDay
        ({{s_defaults.LearningAlertsPerHostDay}} false alert per 24 host-hours under the policy above; or at
        Detection:LearningTargetFpr of windows when set) and keeps it in Detection:LearningDirectory.

        Exit codes: 0 clean stop, 78 invalid configuration (the message names the setting),
        69 no broker within Mqtt:StartupTimeoutSeconds when Mqtt:StartupFailure is Exit,
        1 any other failure (for example an unwritable outbox directory or a bad model file at start),
        70 an internal error at start (a bug: the message says so; please report it).
        Under systemd it is started by deploy/edgelstm-agent.service; MQTT payloads are in docs/mqtt.md.
        """);
}
