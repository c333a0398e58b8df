using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Runtime.InteropServices;

namespace EdgeLstm.EdgeAgent.Indicator;

/// <summary>One libgpiod ABI System.Device.Gpio drives: its soname, the Debian package that ships it and the driver
/// class for it. Raspberry Pi OS bookworm ships v1 (libgpiod2), trixie v2 (libgpiod3).</summary>
internal sealed class GpiodLibrary
{
    private readonly Func<int, GpioDriver> _createDriver;

    private GpiodLibrary(string soname, string description, Func<int, GpioDriver> createDriver)
    {
        Soname = soname;
        Description = description;
        _createDriver = createDriver;
    }

    /// <summary>Gets the libgpiod versions, newest first: the first one installed is used.</summary>
    public static IReadOnlyList<GpiodLibrary> All { get; } =
    [
        new("libgpiod.so.3", "libgpiod v2 (Debian libgpiod3)", chip => new LibGpiodV2Driver(chip)),
        new("libgpiod.so.2", "libgpiod v1 (Debian libgpiod2)", chip => new LibGpiodDriver(chip)),
    ];

    /// <summary>Gets the library's soname.</summary>
    public string Soname { get; }

    /// <summary>Gets the version and the Debian package, for the log.</summary>
    public string Description { get; }

    /// <summary>Finds the newest libgpiod installed.</summary>
    /// <returns>The library, or null when none is.</returns>
    public static GpiodLibrary? FindInstalled()
    {
        foreach (GpiodLibrary library in All)
        {
            if (NativeLibrary.TryLoad(library.Soname, out IntPtr handle))
            {
                NativeLibrary.Free(handle);
                return library;
            }
        }

        return null;
    }

    /// <summary>Creates the System.Device.Gpio driver of one chip. A plain <c>GpioController()</c> would pick the
    /// /dev/gpiomem Raspberry Pi driver on a Pi; the chip is named explicitly instead.</summary>
    /// <param name="chipNumber">The chip number (N of /dev/gpiochipN).</param>
    /// <returns>The driver.</returns>
    public GpioDriver CreateDriver(int chipNumber) => _createDriver(chipNumber);
}
