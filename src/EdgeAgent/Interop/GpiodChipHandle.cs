using Microsoft.Win32.SafeHandles;

namespace EdgeLstm.EdgeAgent.Interop;

/// <summary>Owns a <c>struct gpiod_chip</c>; releasing it calls <c>gpiod_chip_close</c>, which also releases its lines.</summary>
internal sealed class GpiodChipHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Initializes a new instance of the <see cref="GpiodChipHandle"/> class (used by the marshaller).</summary>
    public GpiodChipHandle()
        : base(ownsHandle: true)
    {
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        Libgpiod.ChipClose(handle);
        return true;
    }
}
