namespace EdgeLstm.EdgeAgent.Interop;

/// <summary>The libmosquitto error codes (enum mosq_err_t) the agent treats specially.</summary>
internal static class MosquittoErrorCodes
{
    /// <summary>MOSQ_ERR_NO_CONN: not connected.</summary>
    public const int NoConnection = 4;

    /// <summary>MOSQ_ERR_INVAL: an argument was invalid (mosquitto_tls_set: a file cannot be opened).</summary>
    public const int Invalid = 3;

    /// <summary>MOSQ_ERR_CONN_LOST: the connection was lost.</summary>
    public const int ConnectionLost = 7;

    /// <summary>MOSQ_ERR_TLS: OpenSSL refused the TLS settings (for example a key that does not match its certificate).</summary>
    public const int Tls = 8;

    /// <summary>MOSQ_ERR_EAI: name resolution failed.</summary>
    public const int Eai = 15;

    /// <summary>MOSQ_ERR_LOOKUP: name lookup failed.</summary>
    public const int Lookup = 20;
}
