using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests;

public sealed class ModelCompressionTests
{
    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Lite)]
    [InlineData(CellKind.Slim3)]
    public void Candidates_EveryCell_SparseCellMatricesAndFloatSD8AllMatrices(CellKind cell)
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(cell, HeadKind.Softmax), seed: 1);

        Assert.Equal(["cell.weight_ih", "cell.weight_hh"], model.Tensors.Where(ModelCompression.IsSparseCandidate).Select(t => t.Name));
        Assert.Equal(["cell.weight_ih", "cell.weight_hh", "head.weight"], model.Tensors.Where(ModelCompression.IsFloatSD8Candidate).Select(t => t.Name));
    }

    [Fact]
    public void Serialize_Compression_WritesSnakeCaseSectionAndReadsItBack()
    {
        ModelConfig config = TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid) with { Compression = new ModelCompression { Sparse = true } };

        string json = ModelConfigJson.Serialize(config);

        Assert.Contains("\"compression\":{\"sparse\":true,\"floatsd8\":false}", json, StringComparison.Ordinal);
        Assert.Equal(config.Compression, ModelConfigJson.Deserialize(json).Compression);
        Assert.DoesNotContain("compression", ModelConfigJson.Serialize(config with { Compression = null }), StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnknownCompressionKey_ThrowsModelFormatException()
    {
        string json = ModelConfigJson.Serialize(TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid) with { Compression = new ModelCompression() })
            .Replace("\"floatsd8\":false", "\"float_sd8\":true", StringComparison.Ordinal);

        Assert.Throws<ModelFormatException>(() => ModelConfigJson.Deserialize(json));
    }
}
