using System.Runtime.InteropServices;

namespace EdgeLstm.Features.Interop;

/// <summary>poll(2) from the C library: waits, with a timeout, until a live capture's descriptor is readable.</summary>
internal static partial class LibcPoll
{
    /// <summary>POLLIN: there is data to read.</summary>
    public const short PollIn = 0x001;

    /// <summary>EINTR: a signal interrupted the wait.</summary>
    public const int Interrupted = 4;

    /// <summary>Waits until one descriptor has an event or the timeout passes.</summary>
    /// <param name="descriptors">One <see cref="PollDescriptor"/>.</param>
    /// <param name="count">1.</param>
    /// <param name="timeoutMilliseconds">The most to wait.</param>
    /// <returns>1 with an event, 0 on timeout, -1 on error (errno set).</returns>
    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        /// <summary>The file descriptor.</summary>
        public int Descriptor;

        /// <summary>The events waited for.</summary>
        public short Events;

        /// <summary>The events that happened.</summary>
        public short ReturnedEvents;
    }
}
