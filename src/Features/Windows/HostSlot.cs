namespace EdgeLstm.Features.Windows;

/// <summary>Holds one tracked entity's window state: whether it has packets in the current window, its damped
/// statistics' clock and the accumulators of the current window. Kept in a preallocated array of
/// <see cref="WindowAccumulator"/>, so tracking an entity allocates nothing.</summary>
internal struct HostSlot
{
    public bool Active;
    public long DampedLastNanoseconds;
    public bool HasDamped;

    // Accumulators of the current window, reset when the host's first packet of a window arrives.
    public int PacketsOut;
    public int PacketsIn;
    public long BytesOut;
    public long BytesIn;
    public double SizeSum;
    public double SizeSquaredSum;
    public int SizeMin;
    public int SizeMax;
    public int SynOut;
    public int SynAckOut;
    public int FinOut;
    public int RstOut;
    public int PshOut;
    public int SynIn;
    public int SynAckIn;
    public int RstIn;
    public int Tcp;
    public int Udp;
    public int Icmp;
    public int Arp;
    public int Other;
    public int DnsQueriesOut;
    public int Fragments;
    public int UnreachableIn;
    public long LastPacketNanoseconds;
    public int Gaps;
    public double GapSum;
    public double GapSquaredSum;
    public double GapMin;
    public double GapMax;

    /// <summary>Clears the window accumulators, keeping the active flag and damped state.</summary>
    public void ResetWindow()
    {
        bool active = Active;
        long dampedLast = DampedLastNanoseconds;
        bool hasDamped = HasDamped;
        this = default;
        Active = active;
        DampedLastNanoseconds = dampedLast;
        HasDamped = hasDamped;
    }
}
