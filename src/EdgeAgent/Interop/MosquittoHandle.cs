using Microsoft.Win32.SafeHandles;

namespace EdgeLstm.EdgeAgent.Interop;

/// <summary>Owns a <c>struct mosquitto</c>; releasing it calls <c>mosquitto_destroy</c>.</summary>
internal sealed class MosquittoHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Initializes a new instance of the <see cref="MosquittoHandle"/> class (used by the marshaller).</summary>
    public MosquittoHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Libmosquitto.Destroy(handle);
        return true;
    }
}
