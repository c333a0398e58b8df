using System.Security.Cryptography;
using EdgeLstm.Model.Quantization;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Model.Verification;

namespace EdgeLstm.Model.Tests.Verification;

public sealed class ModelVerifierTests
{
    private const string Path = "/models/site.safetensors";
    private const int Steps = 4;

    // A next-step LSTM on three features with everything the agent needs: features, threshold, provenance.
    private static SequenceModel<float> Model()
    {
        ModelConfig config = TestModels.Config(CellKind.Lstm, HeadKind.NextStep, steps: Steps) with
        {
            Threshold = 0.5,
            Features = new FeatureNormalization
            {
                Schema = "edgelstm.host-window",
                Names = ["a", "b", "c"],
                Transforms = ["none", "log1p", "none"],
                Means = [1, 2, 3],
                StandardDeviations = [1, 0.5, 2],
                WindowSeconds = 1,
            },
            Provenance = new ModelProvenance { Name = "site", Created = new DateTimeOffset(2026, 12, 4, 21, 0, 0, TimeSpan.Zero) },
        };
        return SequenceModel.Create<float>(config, seed: 3);
    }

    private static SequenceModel<float> Quantized(SequenceModel<float> model)
    {
        var random = new Random(5);
        float[] calibration = TestModels.RandomInputs<float>(random, 32, Steps, 3);
        IntegerSequenceScorer scorer = IntegerSequenceScorer.Quantize(model, calibration, 32, Steps);
        return new SequenceModel<float>(model.Config with { Quantization = scorer.Quantization }, model.Parameters);
    }

    private static ModelVerificationException Refuse(SequenceModel<float> model) =>
        Assert.Throws<ModelVerificationException>(() => ModelVerifier.Verify(ModelFile.ToBytes(model), Path));

    [Fact]
    public void Verify_GoodModel_AcceptsItWithItsContentHashNameAndTime()
    {
        byte[] bytes = ModelFile.ToBytes(Model());

        VerifiedModel verified = ModelVerifier.Verify(bytes, Path);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), verified.Identity.Sha256);
        Assert.Equal($"site@2026-12-04T21:00:00Z sha256:{verified.Identity.Sha256[..16]}", verified.Identity.Id);
        Assert.Equal("float32", verified.Scorer.Arithmetic);
    }

    [Fact]
    public void Verify_QuantizedModel_BuildsTheIntegerScorer()
    {
        VerifiedModel verified = ModelVerifier.Verify(ModelFile.ToBytes(Quantized(Model())), Path);

        Assert.StartsWith("integer", verified.Scorer.Arithmetic, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_QuantizedModelWithOneWeightOf3e38_RefusedNamingTheQuantization()
    {
        SequenceModel<float> model = Quantized(Model());
        model.Parameters[0] = 3e38f;

        ModelVerificationException error = Refuse(model);

        Assert.Equal("quantization", error.Field);
        Assert.False(error.IsUnexpected);
        Assert.StartsWith(Path + ": quantization: the integer scorer cannot be built", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_FloatHeadWeightOf3e38_RefusedByTheProbe()
    {
        SequenceModel<float> model = Model();
        TensorSpec head = model.Tensors.First(t => t.Name == "head.weight");
        model.Parameters.AsSpan(head.Offset, head.Length).Fill(3e38f);

        ModelVerificationException error = Refuse(model);

        Assert.Equal("probe", error.Field);
    }

    [Theory]
    [InlineData(1e308, "features.window_seconds")]
    [InlineData(-1, "features.window_seconds")]
    [InlineData(86_401, "features.window_seconds")]
    public void Verify_WindowOutOfRange_RefusedNamingTheField(double window, string field)
    {
        SequenceModel<float> model = Model();

        ModelVerificationException error = Refuse(new SequenceModel<float>(model.Config with { Features = model.Config.Features! with { WindowSeconds = window } }, model.Parameters));

        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Verify_NoThreshold_RefusedNamingTheThreshold()
    {
        SequenceModel<float> model = Model();

        ModelVerificationException error = Refuse(new SequenceModel<float>(model.Config with { Threshold = null }, model.Parameters));

        Assert.Equal("threshold", error.Field);
    }

    [Fact]
    public void Verify_TinyStandardDeviation_RefusedNamingTheFeature()
    {
        SequenceModel<float> model = Model();

        ModelVerificationException error = Refuse(new SequenceModel<float>(model.Config with { Features = model.Config.Features! with { StandardDeviations = [1, 1e-300, 1] } }, model.Parameters));

        Assert.Equal("features.standard_deviations[1]", error.Field);
    }

    [Fact]
    public void Verify_SequenceLongerThanTheAgentRuns_RefusedNamingIt()
    {
        SequenceModel<float> model = Model();

        ModelVerificationException error = Refuse(new SequenceModel<float>(model.Config with { SequenceLength = ModelVerifier.MaxSequenceLength + 1 }, model.Parameters));

        Assert.Equal("sequence_length", error.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(100)]
    public void Verify_TruncatedFile_RefusedAsNotAValidModel(int length)
    {
        byte[] bytes = ModelFile.ToBytes(Model());

        ModelVerificationException error = Assert.Throws<ModelVerificationException>(() => ModelVerifier.Verify(bytes.AsSpan(0, length), Path));

        Assert.Equal(ModelVerificationException.FileField, error.Field);
        Assert.False(error.IsUnexpected);
        Assert.StartsWith(Path + ": file: not a valid model: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyForWriting_GoodModel_ReturnsTheWritersBytes()
    {
        SequenceModel<float> model = Model();

        Assert.Equal(ModelFile.ToBytes(model), ModelVerifier.VerifyForWriting(model, Path));
    }
}
