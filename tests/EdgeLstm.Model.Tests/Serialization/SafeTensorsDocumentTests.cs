using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed class SafeTensorsDocumentTests
{
    private readonly SafeTensorsDocument _document = SafeTensorsReader.Read(SafeTensorsTestFiles.SmallModelBytes());

    [Fact]
    public void GetTensor_PresentName_ReturnsTheTensor()
    {
        Assert.Equal([-128, -1, 0, 1, 2, 127], _document.GetTensor("cell.weight_q").ToSByteArray());
    }

    [Fact]
    public void GetTensor_MissingName_ThrowsModelFormatExceptionNamingIt()
    {
        var ex = Assert.Throws<ModelFormatException>(() => _document.GetTensor("cell.weight_hh"));

        Assert.Equal("Tensor 'cell.weight_hh' is missing from the model file.", ex.Message);
    }

    [Fact]
    public void TryGetTensor_PresentAndMissingNames_ReportsWhichExist()
    {
        Assert.True(_document.TryGetTensor("head.weight", out SafeTensor? tensor));
        Assert.Equal("head.weight", tensor.Name);
        Assert.False(_document.TryGetTensor("HEAD.WEIGHT", out _));
    }

    [Fact]
    public void GetMetadata_PresentAndMissingKeys_ReturnsOrThrowsNamingTheKey()
    {
        Assert.Equal("1", _document.GetMetadata("edgelstm.format"));

        var ex = Assert.Throws<ModelFormatException>(() => _document.GetMetadata("edgelstm.signature"));

        Assert.Equal("Metadata key 'edgelstm.signature' is missing from the model file.", ex.Message);
    }

    [Fact]
    public void Tensors_AreInFileOrderAndReadOnly()
    {
        Assert.Equal(["cell.weight_ih", "cell.bias", "cell.weight_q", "cell.bias_q", "head.weight"], _document.Tensors.Select(t => t.Name));
        Assert.Throws<NotSupportedException>(() => ((IList<SafeTensor>)_document.Tensors).Clear());
        Assert.Throws<NotSupportedException>(() => ((IDictionary<string, string>)_document.Metadata).Clear());
    }
}
