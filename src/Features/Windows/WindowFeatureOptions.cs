namespace EdgeLstm.Features.Windows;

/// <summary>Configures a <see cref="WindowFeatureExtractor"/>.</summary>
public sealed class WindowFeatureOptions
{
    /// <summary>Gets or sets the window length; windows are aligned to multiples of it since the Unix epoch. Default 1 s.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the most hosts tracked at once; the least recently seen is evicted beyond it. Default 4096.</summary>
    public int MaxHosts { get; set; } = 4096;

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window is shorter than 1 ms or longer than a day, or <see cref="MaxHosts"/> is outside 1..4,194,304.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, TimeSpan.FromMilliseconds(1), nameof(Window));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Window, TimeSpan.FromDays(1), nameof(Window));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHosts, 1, nameof(MaxHosts));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxHosts, 1 << 22, nameof(MaxHosts));
    }
}
