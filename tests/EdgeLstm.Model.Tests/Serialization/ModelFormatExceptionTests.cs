using EdgeLstm.Model.Serialization;

namespace EdgeLstm.Model.Tests.Serialization;

public sealed class ModelFormatExceptionTests
{
    [Fact]
    public void Constructors_KeepTheMessageAndTheCause()
    {
        var cause = new FormatException("bad number");

        var withCause = new ModelFormatException("Tensor 'w': bad", cause);

        Assert.Equal("Tensor 'w': bad", withCause.Message);
        Assert.Same(cause, withCause.InnerException);
        Assert.Equal("Tensor 'w': bad", new ModelFormatException("Tensor 'w': bad").Message);
        Assert.False(string.IsNullOrEmpty(new ModelFormatException().Message));
    }

    [Fact]
    public void Read_InvalidJson_KeepsTheJsonErrorAsTheCause()
    {
        byte[] file = SafeTensorsTestFiles.Craft("{\"a\":", []);

        var ex = Assert.Throws<ModelFormatException>(() => SafeTensorsReader.Read(file));

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ex.InnerException);
    }
}
