using System.Runtime.InteropServices;

namespace EdgeLstm.EdgeAgent.Interop;

/// <summary>The libgpiod v1 functions (Debian libgpiod2, soname libgpiod.so.2) the status LED uses.</summary>
internal static partial class Libgpiod
{
    /// <summary>The library's soname.</summary>
    public const string LibraryName = "libgpiod.so.2";

    [LibraryImport(LibraryName, EntryPoint = "gpiod_chip_open_by_name", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial GpiodChipHandle ChipOpenByName(string name);

    [LibraryImport(LibraryName, EntryPoint = "gpiod_chip_close", SetLastError = true)]
    internal static partial void ChipClose(IntPtr chip);

    /// <remarks>The line belongs to the chip: closing the chip releases it.</remarks>
    [LibraryImport(LibraryName, EntryPoint = "gpiod_chip_get_line", SetLastError = true)]
    internal static partial IntPtr ChipGetLine(GpiodChipHandle chip, uint offset);

    [LibraryImport(LibraryName, EntryPoint = "gpiod_line_request_output", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int LineRequestOutput(IntPtr line, string consumer, int defaultValue);

    [LibraryImport(LibraryName, EntryPoint = "gpiod_line_set_value", SetLastError = true)]
    internal static partial int LineSetValue(IntPtr line, int value);
}
