using Microsoft.Win32.SafeHandles;

namespace EdgeLstm.Features.Interop;

/// <summary>Owns a libpcap capture handle (<c>pcap_t*</c>) and closes it with <c>pcap_close</c>.</summary>
internal sealed class SafePcapHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Initializes an empty handle; the interop marshaller sets it.</summary>
    public SafePcapHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        LibPcap.Close(handle);
        return true;
    }
}
