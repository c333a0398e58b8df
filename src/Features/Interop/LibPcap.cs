using System.Runtime.InteropServices;

namespace EdgeLstm.Features.Interop;

/// <summary>Declares the libpcap functions used for live capture (Debian package libpcap0.8).</summary>
internal static partial class LibPcap
{
    /// <summary>The soname shipped by Debian and Raspberry Pi OS.</summary>
    public const string Library = "libpcap.so.0.8";

    /// <summary>PCAP_ERRBUF_SIZE.</summary>
    public const int ErrorBufferSize = 256;

    /// <summary>PCAP_TSTAMP_PRECISION_NANO.</summary>
    public const int TimestampPrecisionNano = 1;

    /// <summary>pcap_next_ex: a packet was read.</summary>
    public const int NextPacket = 1;

    /// <summary>pcap_next_ex: no packet (in non-blocking mode, none was waiting).</summary>
    public const int NextTimeout = 0;

    [LibraryImport(Library, EntryPoint = "pcap_create", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial SafePcapHandle Create(string? source, [Out] byte[] errorBuffer);

    [LibraryImport(Library, EntryPoint = "pcap_open_dead", SetLastError = true)]
    public static partial SafePcapHandle OpenDead(int linkType, int snapLength);

    [LibraryImport(Library, EntryPoint = "pcap_set_snaplen", SetLastError = true)]
    public static partial int SetSnapLength(SafePcapHandle handle, int snapLength);

    [LibraryImport(Library, EntryPoint = "pcap_set_promisc", SetLastError = true)]
    public static partial int SetPromiscuous(SafePcapHandle handle, int promiscuous);

    [LibraryImport(Library, EntryPoint = "pcap_set_timeout", SetLastError = true)]
    public static partial int SetTimeout(SafePcapHandle handle, int milliseconds);

    [LibraryImport(Library, EntryPoint = "pcap_set_immediate_mode", SetLastError = true)]
    public static partial int SetImmediateMode(SafePcapHandle handle, int immediate);

    [LibraryImport(Library, EntryPoint = "pcap_set_buffer_size", SetLastError = true)]
    public static partial int SetBufferSize(SafePcapHandle handle, int bytes);

    [LibraryImport(Library, EntryPoint = "pcap_set_tstamp_precision", SetLastError = true)]
    public static partial int SetTimestampPrecision(SafePcapHandle handle, int precision);

    [LibraryImport(Library, EntryPoint = "pcap_get_tstamp_precision", SetLastError = true)]
    public static partial int GetTimestampPrecision(SafePcapHandle handle);

    [LibraryImport(Library, EntryPoint = "pcap_activate", SetLastError = true)]
    public static partial int Activate(SafePcapHandle handle);

    [LibraryImport(Library, EntryPoint = "pcap_compile", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Compile(SafePcapHandle handle, ref BpfProgram program, string filter, int optimize, uint netmask);

    [LibraryImport(Library, EntryPoint = "pcap_setfilter", SetLastError = true)]
    public static partial int SetFilter(SafePcapHandle handle, ref BpfProgram program);

    [LibraryImport(Library, EntryPoint = "pcap_freecode", SetLastError = true)]
    public static partial void FreeCode(ref BpfProgram program);

    [LibraryImport(Library, EntryPoint = "pcap_next_ex", SetLastError = true)]
    public static partial int NextEx(SafePcapHandle handle, out nint header, out nint data);

    [LibraryImport(Library, EntryPoint = "pcap_setnonblock", SetLastError = true)]
    public static partial int SetNonBlock(SafePcapHandle handle, int nonBlock, [Out] byte[] errorBuffer);

    [LibraryImport(Library, EntryPoint = "pcap_get_selectable_fd", SetLastError = true)]
    public static partial int GetSelectableDescriptor(SafePcapHandle handle);

    [LibraryImport(Library, EntryPoint = "pcap_stats", SetLastError = true)]
    public static partial int Stats(SafePcapHandle handle, out PcapStat statistics);

    [LibraryImport(Library, EntryPoint = "pcap_datalink", SetLastError = true)]
    public static partial int DataLink(SafePcapHandle handle);

    [LibraryImport(Library, EntryPoint = "pcap_geterr", SetLastError = true)]
    public static partial nint GetError(SafePcapHandle handle);

    [LibraryImport(Library, EntryPoint = "pcap_statustostr", SetLastError = true)]
    public static partial nint StatusToString(int status);

    [LibraryImport(Library, EntryPoint = "pcap_lib_version", SetLastError = true)]
    public static partial nint LibraryVersion();

    [LibraryImport(Library, EntryPoint = "pcap_close", SetLastError = true)]
    public static partial void Close(nint handle);

    /// <summary>struct bpf_program.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct BpfProgram
    {
        public uint Length;
        public nint Instructions;
    }

    /// <summary>struct pcap_stat (the portable part).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PcapStat
    {
        public uint Received;
        public uint Dropped;
        public uint InterfaceDropped;
    }
}
