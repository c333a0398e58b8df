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
    public void Describe_ModelWithFeatures_ListsEveryFeatureNameWithItsNormalization()
    {
        var config = new ModelConfig
        {
            Cell = CellKind.Lstm,
            InputSize = 2,
            HiddenSize = 4,
            Features = new FeatureNormalization
            {
                Schema = "test",
                Version = 1,
                Names = ["bytes_out", "proto=tcp"],
                Transforms = ["log1p", "none"],
                Means = [2.5, 0.25],
                StandardDeviations = [1.5, 0.5],
                WindowSeconds = 1,
            },
        };
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-inspect-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(SequenceModel.Create<float>(config, seed: 1), path);
            using var writer = new StringWriter();

            Assert.Equal(0, InspectCommand.Describe(path, writer));

            Assert.Contains("     0 bytes_out (log1p, mean 2.5, std 1.5)", writer.ToString(), StringComparison.Ordinal);
            Assert.Contains("     1 proto=tcp (mean 0.25, std 0.5)", writer.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Describe_CorruptFile_ReturnsTwoLikeTheOtherCommands()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-inspect-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        try
        {
            Assert.Equal(2, InspectCommand.Describe(path, TextWriter.Null));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Describe_SparseModel_PrintsDensityPerMatrixAndNonZeroCount()
    {
        var config = new ModelConfig { Cell = CellKind.Lstm, InputSize = 6, HiddenSize = 8, Compression = new ModelCompression { Sparse = true } };
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 1);
        TensorSpec weightIh = model.Tensors.Single(t => t.Name == "cell.weight_ih");
        model.Parameters.AsSpan(weightIh.Offset + 48, weightIh.Length - 48).Clear();
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-inspect-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(model, path);
            using var writer = new StringWriter();

            int exit = InspectCommand.Describe(path, writer);

            string text = writer.ToString();
            int total = model.Parameters.Length;
            Assert.Equal(0, exit);
            Assert.Contains($"non-zero   {total - 144:N0} of {total:N0} parameters", text, StringComparison.Ordinal);
            Assert.Contains("sparse CSR", text, StringComparison.Ordinal);
            Assert.Matches(@"cell\.weight_ih\s+\[32, 6\]\s+192\s+48\s+25\.0%", text);
            Assert.Matches(@"cell\.weight_hh\s+\[32, 8\]\s+256\s+256\s+100\.0%", text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Describe_ModelTheAgentRefuses_PrintsTheRefusalNamingTheField()
    {
        var config = new ModelConfig { Cell = CellKind.Lstm, InputSize = 6, HiddenSize = 8 };
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-inspect-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(SequenceModel.Create<float>(config, seed: 1), path);
            using var writer = new StringWriter();

            Assert.Equal(0, InspectCommand.Describe(path, writer));

            Assert.Contains($"agent      refuses it: {path}: threshold: ", writer.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("{\"features\":{\"names\":null}}")]
    [InlineData("{\"class_names\":null}")]
    [InlineData("{\"features\":{}}")]
    [InlineData("{\"provenance\":{}}")]
    [InlineData("{\"input_size\":1,\"hidden_size\":1,\"features\":{\"schema\":\"s\"}}")]
    public void Describe_ConfigWithMissingOrNullFields_ExitsTwoWithoutThrowing(string configJson)
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-inspect-{Guid.NewGuid():N}.safetensors");
        try
        {
            var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["edgelstm.format"] = "1", ["edgelstm.config"] = configJson };
            File.WriteAllBytes(path, SafeTensorsWriter.ToBytes(metadata, []));
            TextWriter original = Console.Error;
            using var error = new StringWriter();
            Console.SetError(error);
            int exit;
            try
            {
                exit = InspectCommand.Describe(path, TextWriter.Null);
            }
            finally
            {
                Console.SetError(original);
            }

            Assert.Equal(2, exit);
            Assert.StartsWith($"error: {path}: ", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
