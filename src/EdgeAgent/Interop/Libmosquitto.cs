using System.Runtime.InteropServices;

namespace EdgeLstm.EdgeAgent.Interop;

/// <summary>The libmosquitto (Debian libmosquitto1) functions the agent uses.</summary>
/// <remarks>Signatures follow mosquitto.h of Mosquitto 2.0; callbacks are unmanaged function pointers.</remarks>
internal static unsafe partial class Libmosquitto
{
    /// <summary>The library's soname.</summary>
    public const string LibraryName = "libmosquitto.so.1";

    /// <summary>MOSQ_ERR_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>MOSQ_ERR_ERRNO: the reason is in errno.</summary>
    public const int ErrorErrno = 14;

    /// <summary>MOSQ_OPT_PROTOCOL_VERSION.</summary>
    public const int OptionProtocolVersion = 1;

    /// <summary>MQTT_PROTOCOL_V311.</summary>
    public const int ProtocolV311 = 4;

    /// <summary>MQTT_PROTOCOL_V5.</summary>
    public const int ProtocolV5 = 5;

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_lib_init", SetLastError = true)]
    internal static partial int LibInit();

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_new", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial MosquittoHandle New(string id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, IntPtr userData);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_destroy", SetLastError = true)]
    internal static partial void Destroy(IntPtr mosq);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_int_option", SetLastError = true)]
    internal static partial int IntOption(MosquittoHandle mosq, int option, int value);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_will_set", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int WillSet(MosquittoHandle mosq, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_username_pw_set", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int UsernamePasswordSet(MosquittoHandle mosq, string? username, string? password);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_tls_set", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int TlsSet(MosquittoHandle mosq, string? caFile, string? caPath, string? certFile, string? keyFile, IntPtr passwordCallback);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_reconnect_delay_set", SetLastError = true)]
    internal static partial int ReconnectDelaySet(MosquittoHandle mosq, uint delay, uint delayMax, [MarshalAs(UnmanagedType.U1)] bool exponentialBackoff);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_max_inflight_messages_set", SetLastError = true)]
    internal static partial int MaxInflightMessagesSet(MosquittoHandle mosq, uint maxInflight);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_connect_async", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int ConnectAsync(MosquittoHandle mosq, string host, int port, int keepAlive);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_disconnect", SetLastError = true)]
    internal static partial int Disconnect(MosquittoHandle mosq);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_loop_start", SetLastError = true)]
    internal static partial int LoopStart(MosquittoHandle mosq);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_loop_stop", SetLastError = true)]
    internal static partial int LoopStop(MosquittoHandle mosq, [MarshalAs(UnmanagedType.U1)] bool force);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_publish", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Publish(MosquittoHandle mosq, out int messageId, string topic, int payloadLength, byte* payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_connect_v5_callback_set", SetLastError = true)]
    internal static partial void ConnectV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, int, IntPtr, void> callback);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_disconnect_v5_callback_set", SetLastError = true)]
    internal static partial void DisconnectV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, IntPtr, void> callback);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_publish_v5_callback_set", SetLastError = true)]
    internal static partial void PublishV5CallbackSet(MosquittoHandle mosq, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, int, IntPtr, void> callback);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_strerror", SetLastError = true)]
    internal static partial IntPtr StrError(int errorCode);

    [LibraryImport(LibraryName, EntryPoint = "mosquitto_reason_string", SetLastError = true)]
    internal static partial IntPtr ReasonString(int reasonCode);
}
