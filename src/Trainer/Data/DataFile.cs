using System.IO.Compression;
using System.Text;

namespace EdgeLstm.Trainer.Data;

/// <summary>Opens dataset files as text, decompressing gzip transparently.</summary>
internal static class DataFile
{
    private const int BufferSize = 1 << 16;

    /// <summary>Opens a file for streaming text reads; a gzip file (by its magic bytes 1F 8B, whatever its name) is decompressed on the fly.</summary>
    /// <param name="path">The file to open.</param>
    /// <returns>A reader the caller disposes.</returns>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static TextReader OpenText(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            int read = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            Stream stream = read == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
            return new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }
}
