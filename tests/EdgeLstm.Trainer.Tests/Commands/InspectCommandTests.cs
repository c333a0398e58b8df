using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer.Tests.Commands;

public sealed class InspectCommandTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 4 * ((6 * 8) + (8 * 8) + 8))]
    [InlineData(CellKind.Lite, (2 * ((6 * 8) + (8 * 8) + 8)) + 8)]
    [InlineData(CellKind.Slim1, (6 * 8) + (4 * 8 * 8) + (4 * 8))]
    [InlineData(CellKind.Slim2, (6 * 8) + (4 * 8 * 8) + 8)]
    [InlineData(CellKind.Slim3, (6 * 8) + (8 * 8) + (4 * 8))]
    public void Describe_EveryCell_PrintsDesignParameterCount(CellKind cell, int expected)
    {
        var config = new ModelConfig { Cell = cell, InputSize = 6, HiddenSize = 8 };
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-inspect-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(SequenceModel.Create<float>(config, seed: 1), path);
            using var writer = new StringWriter();

            int exit = InspectCommand.Describe(path, writer);

            Assert.Equal(0, exit);
            Assert.Contains($"(cell {expected:N0}, design formula {expected:N0}; head 9)", writer.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Describe_CorruptFile_ReturnsOne()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-inspect-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        try
        {
            Assert.Equal(1, InspectCommand.Describe(path, TextWriter.Null));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
