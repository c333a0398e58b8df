namespace EdgeLstm.EdgeAgent;

/// <summary>Holds the text printed by <c>edgelstm-agent --help</c>.</summary>
internal static class AgentHelp
{
    /// <summary>The usage text.</summary>
    public const string Text = """
        edgelstm-agent: the EdgeLstm anomaly-detection service for IoT gateways.

        Usage: EdgeLstm.EdgeAgent [--help] [--Section:Key=value ...]

        Configuration is read from appsettings.json, /etc/edgelstm/agent.json,
        EDGELSTM__ environment variables and the command line, in that order.
        Under systemd it is started by deploy/edgelstm-agent.service.
        """;
}
