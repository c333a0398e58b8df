using System.Runtime.InteropServices;
using EdgeLstm.Features.Interop;

namespace EdgeLstm.Features.Capture;

/// <summary>Captures packets from a network interface through libpcap (libpcap0.8).</summary>
/// <remarks>
/// <see cref="TryReadPacket"/> blocks until a packet arrives and returns <see langword="false"/> once the
/// cancellation token given at creation is cancelled (noticed within <see cref="LiveCaptureOptions.ReadTimeout"/>);
/// <see cref="ReadPacket"/> also returns after the read timeout without a packet, so a
/// reader can close windows on a quiet link. Timestamps have nanosecond precision where the platform offers it. Capturing
/// needs root or CAP_NET_RAW. One thread reads; cancellation may come from any thread.
/// </remarks>
public sealed class LiveCaptureSource : ITimedPacketSource
{
    private readonly SafePcapHandle _handle;
    private readonly LinkType _linkType;
    private readonly bool _nanoseconds;
    private readonly CancellationToken _cancellationToken;
    private readonly int _descriptor;
    private readonly int _readTimeoutMilliseconds;
    private readonly int _snapLength;

    // The size of struct timeval's fields in libpcap's packet header: the C long on 64-bit, found on the first packet
    // on 32-bit (PcapPacketHeader explains why), 0 until then.
    private int _timeFieldSize = nint.Size == 8 ? 8 : 0;

    private LiveCaptureSource(SafePcapHandle handle, string name, int descriptor, TimeSpan readTimeout, int snapLength, CancellationToken cancellationToken)
    {
        _handle = handle;
        _snapLength = snapLength;
        Name = name;
        _cancellationToken = cancellationToken;
        _linkType = (LinkType)LibPcap.DataLink(handle);
        _nanoseconds = LibPcap.GetTimestampPrecision(handle) == LibPcap.TimestampPrecisionNano;
        _descriptor = descriptor;
        _readTimeoutMilliseconds = (int)Math.Ceiling(readTimeout.TotalMilliseconds);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>Gets the version text of the loaded libpcap, or <see langword="null"/> when libpcap cannot be loaded.</summary>
    public static string? LibraryVersion
    {
        get
        {
            try
            {
                return Marshal.PtrToStringUTF8(LibPcap.LibraryVersion());
            }
            catch (DllNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>Compiles a BPF filter without capturing (no privileges needed), for Ethernet, to check it at start.</summary>
    /// <param name="filter">The filter, in pcap-filter(7) syntax.</param>
    /// <returns>libpcap's error when the filter does not compile; null when it does, or when libpcap is not installed
    /// (opening the capture then says so).</returns>
    public static string? CheckFilter(string filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        SafePcapHandle handle;
        try
        {
            handle = LibPcap.OpenDead((int)LinkType.Ethernet, 262_144);
        }
        catch (DllNotFoundException)
        {
            return null;
        }

        using (handle)
        {
            if (handle.IsInvalid)
            {
                return null;
            }

            var program = default(LibPcap.BpfProgram);
            const uint NetmaskUnknown = 0xFFFFFFFF;
            if (LibPcap.Compile(handle, ref program, filter, 1, NetmaskUnknown) < 0)
            {
                return Marshal.PtrToStringUTF8(LibPcap.GetError(handle));
            }

            LibPcap.FreeCode(ref program);
            return null;
        }
    }

    /// <summary>Opens and activates a capture.</summary>
    /// <param name="options">Interface, filter, snap length and modes.</param>
    /// <param name="cancellationToken">Stops the capture: reads then return <see langword="false"/>.</param>
    /// <returns>The source; the caller disposes it.</returns>
    /// <exception cref="LiveCaptureException">libpcap is missing, or opening, activating or filtering failed
    /// (for example without the right to capture, or with an invalid filter).</exception>
    public static LiveCaptureSource Open(LiveCaptureOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        SafePcapHandle handle;
        byte[] errorBuffer = new byte[LibPcap.ErrorBufferSize];
        try
        {
            handle = LibPcap.Create(options.Interface, errorBuffer);
        }
        catch (DllNotFoundException e)
        {
            throw new LiveCaptureException($"libpcap ({LibPcap.Library}) is not installed; on Debian or Raspberry Pi OS install the libpcap0.8 package.", e);
        }

        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new LiveCaptureException($"pcap_create({options.Interface}) failed: {ReadCString(errorBuffer)}");
        }

        try
        {
            Check(handle, "pcap_set_snaplen", LibPcap.SetSnapLength(handle, options.SnapLength));
            Check(handle, "pcap_set_promisc", LibPcap.SetPromiscuous(handle, options.Promiscuous ? 1 : 0));
            Check(handle, "pcap_set_timeout", LibPcap.SetTimeout(handle, (int)options.ReadTimeout.TotalMilliseconds));
            Check(handle, "pcap_set_immediate_mode", LibPcap.SetImmediateMode(handle, options.ImmediateMode ? 1 : 0));
            if (options.BufferSize > 0)
            {
                Check(handle, "pcap_set_buffer_size", LibPcap.SetBufferSize(handle, options.BufferSize));
            }

            // Nanosecond timestamps are optional: when the platform lacks them libpcap keeps microseconds.
            _ = LibPcap.SetTimestampPrecision(handle, LibPcap.TimestampPrecisionNano);
            Check(handle, $"pcap_activate({options.Interface})", LibPcap.Activate(handle));
            if (!string.IsNullOrWhiteSpace(options.Filter))
            {
                ApplyFilter(handle, options.Filter);
            }

            // libpcap's own read timeout does not return from an idle capture on Linux (immediate mode and TPACKET_V3
            // both wait in poll until a packet comes), so reads are non-blocking and the wait is our own poll.
            if (LibPcap.SetNonBlock(handle, 1, errorBuffer) < 0)
            {
                throw new LiveCaptureException($"pcap_setnonblock({options.Interface}) failed: {ReadCString(errorBuffer)}");
            }

            int descriptor = LibPcap.GetSelectableDescriptor(handle);
            if (descriptor < 0)
            {
                throw new LiveCaptureException($"pcap_get_selectable_fd({options.Interface}) failed: the interface cannot be waited on.");
            }

            return new LiveCaptureSource(handle, options.Interface, descriptor, options.ReadTimeout, options.SnapLength, cancellationToken);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    /// <exception cref="LiveCaptureException">libpcap reported an error, such as the interface going down.</exception>
    public bool TryReadPacket(out RawPacket packet)
    {
        PacketReadResult result;
        do
        {
            result = ReadPacket(out packet);
        }
        while (result == PacketReadResult.Timeout);

        return result == PacketReadResult.Packet;
    }

    /// <inheritdoc/>
    /// <remarks>Returns <see cref="PacketReadResult.Timeout"/> after <see cref="LiveCaptureOptions.ReadTimeout"/> without a packet.</remarks>
    /// <exception cref="LiveCaptureException">libpcap reported an error, such as the interface going down.</exception>
    public unsafe PacketReadResult ReadPacket(out RawPacket packet)
    {
        packet = default;
        if (_cancellationToken.IsCancellationRequested)
        {
            return PacketReadResult.End;
        }

        int result = LibPcap.NextEx(_handle, out nint header, out nint data);
        if (result == LibPcap.NextTimeout)
        {
            // Non-blocking: nothing is waiting. Wait for the descriptor, at most the read timeout, then try once more.
            if (!WaitReadable())
            {
                return _cancellationToken.IsCancellationRequested ? PacketReadResult.End : PacketReadResult.Timeout;
            }

            result = LibPcap.NextEx(_handle, out header, out data);
        }

        if (result == LibPcap.NextPacket)
        {
            // The header lies inside libpcap's handle, so reading MaxSize bytes stays in its memory whatever the layout.
            var headerBytes = new ReadOnlySpan<byte>((void*)header, PcapPacketHeader.MaxSize);
            if (_timeFieldSize == 0)
            {
                _timeFieldSize = PcapPacketHeader.DetectFieldSize(headerBytes, _snapLength);
            }

            (long seconds, long fraction, int capturedLength, int originalLength) = PcapPacketHeader.Read(headerBytes, _timeFieldSize);
            long nanoseconds = (seconds * 1_000_000_000L) + (_nanoseconds ? fraction : fraction * 1_000L);
            packet = new RawPacket(nanoseconds, _linkType, originalLength, new ReadOnlySpan<byte>((void*)data, capturedLength));
            return PacketReadResult.Packet;
        }

        if (result == LibPcap.NextTimeout)
        {
            return _cancellationToken.IsCancellationRequested ? PacketReadResult.End : PacketReadResult.Timeout;
        }

        throw new LiveCaptureException($"pcap_next_ex on {Name} failed: {ErrorText(_handle, result)}");
    }

    private bool WaitReadable()
    {
        var descriptor = new LibcPoll.PollDescriptor { Descriptor = _descriptor, Events = LibcPoll.PollIn };
        int ready = LibcPoll.Poll(ref descriptor, 1, _readTimeoutMilliseconds);
        if (ready < 0 && Marshal.GetLastPInvokeError() != LibcPoll.Interrupted)
        {
            throw new LiveCaptureException($"poll on {Name} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        return ready > 0;
    }

    /// <summary>Reads the kernel's counters: packets received and dropped so far.</summary>
    /// <returns>The counters.</returns>
    /// <exception cref="LiveCaptureException">pcap_stats failed.</exception>
    public LiveCaptureStatistics GetStatistics()
    {
        int result = LibPcap.Stats(_handle, out LibPcap.PcapStat statistics);
        if (result != 0)
        {
            throw new LiveCaptureException($"pcap_stats on {Name} failed: {ErrorText(_handle, result)}");
        }

        return new LiveCaptureStatistics(statistics.Received, statistics.Dropped, statistics.InterfaceDropped);
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();

    private static void ApplyFilter(SafePcapHandle handle, string filter)
    {
        var program = default(LibPcap.BpfProgram);
        const uint NetmaskUnknown = 0xFFFFFFFF;
        Check(handle, $"pcap_compile(\"{filter}\")", LibPcap.Compile(handle, ref program, filter, 1, NetmaskUnknown));
        try
        {
            Check(handle, "pcap_setfilter", LibPcap.SetFilter(handle, ref program));
        }
        finally
        {
            LibPcap.FreeCode(ref program);
        }
    }

    private static void Check(SafePcapHandle handle, string call, int result)
    {
        // Positive results of pcap_activate are warnings (e.g. promiscuous mode not supported): not fatal.
        if (result < 0)
        {
            throw new LiveCaptureException($"{call} failed: {ErrorText(handle, result)}");
        }
    }

    private static string ErrorText(SafePcapHandle handle, int status)
    {
        // Read errno of the failed call before any other call can change it.
        int errno = Marshal.GetLastPInvokeError();
        string? text = Marshal.PtrToStringUTF8(LibPcap.GetError(handle));
        if (string.IsNullOrEmpty(text))
        {
            text = Marshal.PtrToStringUTF8(LibPcap.StatusToString(status));
        }

        return errno != 0 ? $"{text} (status {status}, errno {errno})" : $"{text} (status {status})";
    }

    private static string ReadCString(byte[] buffer)
    {
        int end = Array.IndexOf(buffer, (byte)0);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }
}
