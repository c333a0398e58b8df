using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

public sealed class DetectionOptionsValidatorTests
{
    private static string[] Failures(DetectionOptions options) =>
        [.. new DetectionOptionsValidator().Validate(null, options).Failures ?? []];

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.Empty(Failures(new DetectionOptions()));
    }

    [Fact]
    public void Validate_MissingModelFile_NamesModelPath()
    {
        string failure = Assert.Single(Failures(new DetectionOptions { ModelPath = "/nonexistent/model.safetensors" }));

        Assert.StartsWith("Detection:ModelPath must name an existing model file", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ExistingModelAndKeyFiles_Succeed()
    {
        using var folder = new TempDirectory();
        string model = TestModels.Write(folder.Combine("model.safetensors"), threshold: 1);
        File.WriteAllText(folder.Combine("key.pem"), "checked when loaded");

        Assert.Empty(Failures(new DetectionOptions { ModelPath = model, ModelPublicKey = folder.Combine("key.pem") }));
    }

    [Theory]
    [InlineData("ModelPublicKey")]
    [InlineData("ModelCheckSeconds")]
    [InlineData("ModelSettleSeconds")]
    [InlineData("Source")]
    public void Validate_BadValue_NamesTheSetting(string setting)
    {
        DetectionOptions options = setting switch
        {
            "ModelPublicKey" => new DetectionOptions { ModelPublicKey = "/nonexistent/key.pem" },
            "ModelCheckSeconds" => new DetectionOptions { ModelCheckSeconds = 0 },
            "ModelSettleSeconds" => new DetectionOptions { ModelSettleSeconds = double.NaN },
            _ => new DetectionOptions { Source = "wire" },
        };

        string failure = Assert.Single(Failures(options));

        Assert.StartsWith("Detection:" + setting + " ", failure, StringComparison.Ordinal);
    }
}
