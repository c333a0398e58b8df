namespace EdgeLstm.EdgeAgent.Outbox;

/// <summary>Computes the CRC-32 of IEEE 802.3 (zlib, gzip), table-driven.</summary>
/// <remarks>System.IO.Hashing is a package, not part of the BCL; this is the few lines the journal needs.</remarks>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320u;

    private static readonly uint[] s_table = CreateTable();

    /// <summary>Computes the CRC-32 of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to checksum.</param>
    /// <returns>The checksum; "123456789" gives 0xCBF43926.</returns>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a CRC-32 over more bytes.</summary>
    /// <param name="crc">The checksum of the bytes before <paramref name="data"/>.</param>
    /// <param name="data">The next bytes.</param>
    /// <returns>The checksum of all the bytes.</returns>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint c = ~crc;
        foreach (byte b in data)
        {
            c = s_table[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
