using EdgeLstm.EdgeAgent.Outbox;

namespace EdgeLstm.EdgeAgent.Tests.Outbox;

public sealed class DirectorySyncTests
{
    [Fact]
    public void Flush_ExistingDirectory_Succeeds()
    {
        Exception? exception = Record.Exception(() => DirectorySync.Flush(Path.GetTempPath()));

        Assert.Null(exception);
    }

    [Fact]
    public void Flush_MissingDirectory_ThrowsNamingTheCall()
    {
        IOException exception = Assert.Throws<IOException>(() => DirectorySync.Flush("/nonexistent/edgelstm-" + Guid.NewGuid().ToString("N")));

        Assert.StartsWith("open(\"/nonexistent/edgelstm-", exception.Message, StringComparison.Ordinal);
        Assert.Contains("errno 2", exception.Message, StringComparison.Ordinal);
    }
}
