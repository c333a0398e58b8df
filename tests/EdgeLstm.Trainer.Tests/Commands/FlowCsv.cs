using System.Globalization;
using System.Text;

namespace EdgeLstm.Trainer.Tests.Commands;

/// <summary>Writes synthetic flow tables for command tests: attacks are bursts of large, short TCP flows.</summary>
internal static class FlowCsv
{
    /// <summary>Writes <paramref name="rows"/> flows of four hosts (every third burst of 8 an attack) and returns the path.</summary>
    /// <param name="folder">The directory.</param>
    /// <param name="name">The file name.</param>
    /// <param name="rows">The number of flows.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="byteShift">Bytes added to every benign flow, as another site's traffic would differ.</param>
    public static string Write(string folder, string name, int rows, int seed, int byteShift = 0)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("ts,src,duration,bytes,proto,label\n");
        for (int i = 0; i < rows; i++)
        {
            bool attack = (i / 8) % 3 == 2;
            double bytes = attack ? 5000 + (random.NextDouble() * 3000) : 200 + byteShift + (random.NextDouble() * 300);
            double duration = attack ? random.NextDouble() * 0.01 : 1 + random.NextDouble();
            string proto = attack ? "tcp" : random.Next(2) == 0 ? "udp" : "tcp";
            csv.Append(CultureInfo.InvariantCulture, $"{1000 + i},10.0.0.{i % 4},{duration:F4},{bytes:F0},{proto},{(attack ? "DoS" : "BENIGN")}\n");
        }

        string path = Path.Combine(folder, name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }
}
