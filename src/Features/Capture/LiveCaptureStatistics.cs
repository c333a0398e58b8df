namespace EdgeLstm.Features.Capture;

/// <summary>Holds the kernel's packet counters for a live capture (libpcap's pcap_stats).</summary>
/// <param name="Received">Packets that passed the filter.</param>
/// <param name="Dropped">Packets dropped because the capture buffer was full.</param>
/// <param name="InterfaceDropped">Packets the interface or its driver dropped.</param>
public readonly record struct LiveCaptureStatistics(long Received, long Dropped, long InterfaceDropped);
