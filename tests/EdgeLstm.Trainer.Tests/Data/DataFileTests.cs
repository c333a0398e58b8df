using System.Text;
using EdgeLstm.Trainer.Data;

namespace EdgeLstm.Trainer.Tests.Data;

public sealed class DataFileTests
{
    [Fact]
    public void OpenText_GzipWithoutGzExtension_DecompressesByMagicBytes()
    {
        using var files = new DataTestFiles();
        string path = files.WriteGzip("plain-name.csv", "a,b\n1,2\n");

        using TextReader reader = DataFile.OpenText(path);

        Assert.Equal("a,b\n1,2\n", reader.ReadToEnd());
    }

    [Fact]
    public void OpenText_PlainFileNamedGz_ReadsAsText()
    {
        using var files = new DataTestFiles();
        string path = files.Write("not-really.gz", "x\n");

        using TextReader reader = DataFile.OpenText(path);

        Assert.Equal("x\n", reader.ReadToEnd());
    }

    [Fact]
    public void OpenText_Utf8ByteOrderMark_IsNotPartOfTheText()
    {
        using var files = new DataTestFiles();
        string path = files.WriteGzip("bom.csv", [.. Encoding.UTF8.GetPreamble(), .. "label\n"u8.ToArray()]);

        using TextReader reader = DataFile.OpenText(path);

        Assert.Equal("label", reader.ReadLine());
    }

    [Fact]
    public void OpenText_OneByteFile_ReadsIt()
    {
        using var files = new DataTestFiles();
        string path = files.Write("one.txt", "\u001f");

        using TextReader reader = DataFile.OpenText(path);

        Assert.Equal("\u001f", reader.ReadToEnd());
    }
}
