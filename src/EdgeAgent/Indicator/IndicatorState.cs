namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>What the status LED shows.</summary>
internal enum IndicatorState
{
    /// <summary>Off: the agent is stopped.</summary>
    Off,

    /// <summary>Steady on: running normally.</summary>
    Running,

    /// <summary>Fast blink (100 ms on, 100 ms off): an alert was raised recently.</summary>
    Alert,

    /// <summary>Slow blink (1 s on, 1 s off): the agent cannot do its job (for example, no broker).</summary>
    Fault,
}
