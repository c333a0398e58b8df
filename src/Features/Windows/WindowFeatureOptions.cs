using System.Net;

namespace EdgeLstm.Features.Windows;

/// <summary>Configures a <see cref="WindowFeatureExtractor"/>.</summary>
public sealed class WindowFeatureOptions
{
    /// <summary>The largest <see cref="MaxHosts"/>.</summary>
    public const int MaxHostsLimit = 1 << 22;

    /// <summary>Gets the shortest window the extractor computes.</summary>
    public static TimeSpan MinimumWindow { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Gets the longest window the extractor computes.</summary>
    public static TimeSpan MaximumWindow { get; } = TimeSpan.FromDays(1);

    /// <summary>Gets or sets the window length; windows are aligned to multiples of it since the Unix epoch. Default 1 s.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the most hosts tracked at once (at least 2 are). Beyond it an idle host seen in one window
    /// only makes room for a new one; hosts seen in two windows or more are kept first; a host that finds no room is
    /// aggregated (docs/features.md, "Host table"). Default 4096.</summary>
    public int MaxHosts { get; set; } = 4096;

    /// <summary>Gets or sets the most aggregates of untracked peers (<c>untracked-&gt;HOST</c>) kept at once, besides the
    /// one <c>untracked-&gt;*</c> that takes the rest. Default 256; 0 sends every untracked host to <c>untracked-&gt;*</c>.</summary>
    public int MaxAggregates { get; set; } = 256;

    /// <summary>Gets or sets whether multicast, broadcast (255.255.255.255) and unspecified (0.0.0.0, ::) addresses are
    /// tracked as hosts. Default <see langword="false"/>: such an end of a packet is not tracked, the other end still is.</summary>
    public bool TrackNonUnicast { get; set; }

    /// <summary>Gets or sets the networks whose addresses are never tracked as hosts (the gateway itself, a backup server);
    /// a packet still counts for its other end. Default none.</summary>
    public IReadOnlyList<IPNetwork> IgnoreNetworks { get; set; } = [];

    /// <summary>Returns whether the extractor computes windows of a length: <see cref="MinimumWindow"/> to <see cref="MaximumWindow"/>.</summary>
    /// <param name="seconds">The window length in seconds, such as a model stores it (any value, NaN included).</param>
    public static bool IsComputableWindow(double seconds) =>
        seconds >= MinimumWindow.TotalSeconds && seconds <= MaximumWindow.TotalSeconds;

    /// <summary>Validates the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window is shorter than 1 ms or longer than a day, <see cref="MaxHosts"/>
    /// is outside 1..4,194,304 or <see cref="MaxAggregates"/> outside 0..4,194,304.</exception>
    /// <exception cref="ArgumentNullException"><see cref="IgnoreNetworks"/> is null.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, MinimumWindow, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Window, MaximumWindow, nameof(Window));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHosts, 1, nameof(MaxHosts));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxHosts, MaxHostsLimit, nameof(MaxHosts));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxAggregates, nameof(MaxAggregates));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxAggregates, MaxHostsLimit, nameof(MaxAggregates));
        ArgumentNullException.ThrowIfNull(IgnoreNetworks, nameof(IgnoreNetworks));
    }

    /// <summary>Parses a comma-separated list of networks in CIDR notation (<c>192.168.1.1/32,10.0.0.0/8,fd00::/8</c>); a bare
    /// address is a single-host network.</summary>
    /// <param name="text">The list; empty or blank for none.</param>
    /// <param name="networks">The networks, when the method returns <see langword="true"/>.</param>
    /// <param name="badEntry">The first entry that is not a network, when the method returns <see langword="false"/>.</param>
    /// <returns><see langword="true"/> when every entry is a network.</returns>
    public static bool TryParseNetworks(IEnumerable<string> text, out IReadOnlyList<IPNetwork> networks, out string? badEntry)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = new List<IPNetwork>();
        foreach (string entry in text.SelectMany(part => part.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            if (IPNetwork.TryParse(entry, out IPNetwork network))
            {
                parsed.Add(network);
            }
            else if (IPAddress.TryParse(entry, out IPAddress? address))
            {
                parsed.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                networks = [];
                badEntry = entry;
                return false;
            }
        }

        networks = parsed;
        badEntry = null;
        return true;
    }
}
