using EdgeLstm.Model.Scoring;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>What the agent watches and how it decides to alert.</summary>
internal sealed class DetectionOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Detection";

    /// <summary>Gets or sets the model file (.safetensors) trained on the agent's feature schema; the packet sources
    /// compute the window it was trained on (<c>features.window_seconds</c>); empty leaves detection idle (the agent
    /// still reports status and delivers stored alerts) until a model is configured.</summary>
    public string ModelPath { get; set; } = "";

    /// <summary>Gets or sets the PEM file of the ECDSA P-256 public key that signs models; when set, a model (at start or
    /// reload) is accepted only with a valid detached signature <c>&lt;model&gt;.sig</c> (DER, SHA-256).</summary>
    public string ModelPublicKey { get; set; } = "";

    /// <summary>Gets or sets a value indicating whether a signed model older than the running one (by the creation time
    /// inside its signed bytes) may replace it; off by default, so an old, validly signed model cannot be replayed.</summary>
    public bool AllowModelRollback { get; set; }

    /// <summary>Gets or sets the seconds between checks of the model file for a new version (file events are also watched).</summary>
    public double ModelCheckSeconds { get; set; } = 10;

    /// <summary>Gets or sets the seconds a changed model file must stay unchanged before it is read.</summary>
    public double ModelSettleSeconds { get; set; } = 2;

    /// <summary>Gets or sets the traffic source: <c>live</c> (a network interface), <c>replay</c> (a capture file) or
    /// <c>zeek</c> (a Zeek conn.log followed like <c>tail -F</c>, one feature vector per connection); any other value
    /// stops the agent at start with a message that lists these.</summary>
    public DetectionSourceKind Source { get; set; } = DetectionSourceKind.Live;

    /// <summary>Gets or sets the interface of a live source: one under /sys/class/net, or <c>any</c>; checked at start when a
    /// model is configured (an interface that vanishes later is reported by libpcap and stops detection).</summary>
    public string Interface { get; set; } = "eth0";

    /// <summary>Gets or sets the BPF filter of a live source; empty for all traffic.</summary>
    public string Filter { get; set; } = "";

    /// <summary>Gets or sets the networks (CIDR, such as <c>192.168.1.1/32</c> or <c>fd00::/8</c>) whose addresses a live or replay
    /// source never tracks as hosts: the gateway itself, a backup server. Multicast, broadcast and unspecified addresses
    /// are never tracked. A packet still counts for its other end.</summary>
    public string[] IgnoreNetworks { get; set; } = [];

    /// <summary>Gets or sets whether a live source puts the interface in promiscuous mode.</summary>
    public bool Promiscuous { get; set; }

    /// <summary>Gets or sets the capture file of a replay source (pcap or pcapng, optionally gzip).</summary>
    public string CaptureFile { get; set; } = "";

    /// <summary>Gets or sets the replay speed: 0 for as fast as possible, 1 for the recorded pace, 10 for ten times faster.</summary>
    public double ReplaySpeed { get; set; }

    /// <summary>Gets or sets the Zeek conn.log a <c>zeek</c> source follows (TSV or JSON), such as
    /// <c>/opt/zeek/logs/current/conn.log</c>; it may appear after the agent starts and is followed across rotations.</summary>
    public string ConnLog { get; set; } = "";

    /// <summary>Gets or sets whether a <c>zeek</c> source also scores the records already in the conn.log at start;
    /// by default it starts at the end, like <c>tail -F</c>.</summary>
    public bool ConnLogFromStart { get; set; }

    /// <summary>Gets or sets how long (in seconds of connection start time) a <c>zeek</c> source holds records to put
    /// them back in start-time order, the order the trainer uses: Zeek writes a connection when it ends. A record is
    /// scored once one starting this much later has been read, or after this long without a new record; 0 scores
    /// records in log order at once.</summary>
    public double ConnLogReorderSeconds { get; set; } = 10;

    /// <summary>Gets or sets whether the agent stops once a replay has ended and its alerts have left the outbox (demos, tests).</summary>
    public bool StopAfterReplay { get; set; }

    /// <summary>Gets or sets the most host histories kept at once; beyond it a new host forgets the least recently seen
    /// host seen in one window only (on probation), and a host with history only when no such host is left.</summary>
    public int MaxEntities { get; set; } = SilencePaddedHistory.DefaultCapacity;

    /// <summary>Gets or sets, for the <c>zeek</c> source, the seconds without a connection after which a host's history
    /// starts again from silence. Window sources need none: a window without traffic is silence.</summary>
    public double IdleResetSeconds { get; set; } = 300;

    /// <summary>Gets or sets the k of the k-of-n rule: alert when k of a host's last n windows score at or above the threshold.
    /// With <see cref="OfWindows"/> the default, 2 of 3, keeps a lone benign outlier quiet and still alerts on the second
    /// anomalous second of an attack.</summary>
    public int AnomalousWindows { get; set; } = 2;

    /// <summary>Gets or sets the n of the k-of-n rule (at most 64).</summary>
    public int OfWindows { get; set; } = 3;

    /// <summary>Gets or sets the multiple of the threshold at which a single window alerts at once, whatever the k-of-n
    /// rule says, so an attack of one window still alerts; 0 turns it off.</summary>
    public double ImmediateMultiple { get; set; } = 8;

    /// <summary>Gets or sets the seconds after an alert during which the same host raises no new alert.</summary>
    public double CooldownSeconds { get; set; } = 60;

    /// <summary>Gets or sets the hours of site learning: a model that has not learnt this site is first run this long
    /// without alerting, its scores are collected and its threshold is re-fitted for <see cref="LearningAlertsPerHostDay"/>
    /// (docs/configuration.md); 0 turns learning off and the model's own threshold is used.</summary>
    public double LearningHours { get; set; }

    /// <summary>Gets or sets the false alerts per 24 host-hours a learnt threshold allows under the alert policy
    /// (<see cref="AnomalousWindows"/> of <see cref="OfWindows"/>, <see cref="ImmediateMultiple"/>), with the bursts of
    /// the site's benign outliers measured while learning.</summary>
    public double LearningAlertsPerHostDay { get; set; } = 1;

    /// <summary>Gets or sets, instead, the share of benign windows allowed at or above a learnt threshold; 0 (the default)
    /// fits for <see cref="LearningAlertsPerHostDay"/>.</summary>
    public double LearningTargetFpr { get; set; }

    /// <summary>Gets or sets the directory where learnt thresholds (and learning in progress) are kept, one file per model
    /// content; under systemd's StateDirectory in production.</summary>
    public string LearningDirectory { get; set; } = "/var/lib/edgelstm-agent/learning";

    /// <summary>Gets or sets the capacity of the queue between capture and scoring; a full queue drops at the capture side.</summary>
    public int QueueCapacity { get; set; } = 8192;
}
