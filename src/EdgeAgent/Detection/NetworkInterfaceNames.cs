using System.Net.NetworkInformation;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Lists the network interfaces a live capture can open, so a misspelt name fails at start, not at capture.</summary>
internal static class NetworkInterfaceNames
{
    /// <summary>libpcap's pseudo-device that captures on every interface.</summary>
    public const string Any = "any";

    private const string SysfsDirectory = "/sys/class/net";

    /// <summary>Lists the kernel's interfaces (including those that are down) and <see cref="Any"/>.</summary>
    /// <returns>The names, sorted ordinally.</returns>
    public static IReadOnlyList<string> List()
    {
        // /sys/class/net lists interfaces without addresses too; NetworkInterface is the fallback where sysfs is absent.
        IEnumerable<string> names = Directory.Exists(SysfsDirectory)
            ? Directory.EnumerateFileSystemEntries(SysfsDirectory).Select(Path.GetFileName).OfType<string>()
            : NetworkInterface.GetAllNetworkInterfaces().Select(network => network.Name);
        return [.. names.Append(Any).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
