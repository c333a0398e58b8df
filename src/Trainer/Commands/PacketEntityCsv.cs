using System.Globalization;
using System.Text;
using EdgeLstm.Features.Decoding;
using EdgeLstm.Features.Windows;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Writes <c>features --packet-entities</c>: one row per packet of the input, in input order, with the packet's
/// timestamp and the entities whose windows it was credited to (<c>time_ns,source_entity,destination_entity</c>; an
/// empty entity where that end was not tracked), streamed through one reused character buffer.</summary>
internal sealed class PacketEntityCsv : IPacketAttributionSink, IDisposable
{
    /// <summary>The header line.</summary>
    public const string Header = "time_ns,source_entity,destination_entity";

    private readonly StreamWriter _writer;
    private readonly char[] _line = new char[20 + 1 + HostAddress.MaxFormattedLength + 1 + HostAddress.MaxFormattedLength];

    /// <summary>Creates the file and writes its header.</summary>
    /// <param name="path">The CSV file.</param>
    public PacketEntityCsv(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        _writer.WriteLine(Header);
    }

    /// <summary>Gets the number of packet rows written.</summary>
    public long Rows { get; private set; }

    /// <inheritdoc/>
    public void OnPacket(long timestampNanoseconds, HostAddress? source, HostAddress? destination)
    {
        Span<char> line = _line;
        timestampNanoseconds.TryFormat(line, out int length, default, CultureInfo.InvariantCulture);
        line[length++] = ',';
        length += Format(source, line[length..]);
        line[length++] = ',';
        length += Format(destination, line[length..]);
        _writer.WriteLine(line[..length]);
        Rows++;
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();

    private static int Format(HostAddress? entity, Span<char> destination)
    {
        if (entity is not HostAddress value)
        {
            return 0;
        }

        value.TryFormat(destination, out int written);
        return written;
    }
}
