using System.Runtime.InteropServices;
using EdgeLstm.EdgeAgent.Mqtt;

namespace EdgeLstm.EdgeAgent.Interop;

/// <summary>Turns libmosquitto error codes into <see cref="MqttException"/>s that name the call.</summary>
internal static class MosquittoErrors
{
    /// <summary>Throws when <paramref name="result"/> is not MOSQ_ERR_SUCCESS.</summary>
    /// <param name="result">The value the call returned.</param>
    /// <param name="call">The function name.</param>
    /// <exception cref="MqttException"><paramref name="result"/> reports an error.</exception>
    public static void ThrowIfFailed(int result, string call)
    {
        if (result != Libmosquitto.Success)
        {
            throw Create(result, call);
        }
    }

    /// <summary>Creates the exception for a failed call, reading errno for MOSQ_ERR_ERRNO.</summary>
    /// <param name="result">The value the call returned.</param>
    /// <param name="call">The function name.</param>
    /// <returns>The exception.</returns>
    public static MqttException Create(int result, string call)
    {
        string reason = result == Libmosquitto.ErrorErrno
            ? $"{Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}"
            : Describe(result);
        return new MqttException(call, result, reason);
    }

    /// <summary>Describes a libmosquitto error code.</summary>
    /// <param name="result">The error code.</param>
    /// <returns>mosquitto_strerror's text.</returns>
    public static string Describe(int result) => Marshal.PtrToStringUTF8(Libmosquitto.StrError(result)) ?? $"error {result}";

    /// <summary>Describes an MQTT 5 reason code.</summary>
    /// <param name="reasonCode">The reason code.</param>
    /// <returns>mosquitto_reason_string's text.</returns>
    public static string DescribeReason(int reasonCode) => Marshal.PtrToStringUTF8(Libmosquitto.ReasonString(reasonCode)) ?? $"reason {reasonCode}";
}
