using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Tests.TestSupport;
using EdgeLstm.Features.Flows;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeLstm.EdgeAgent.Tests.Detection;

/// <summary>Binds models the real trainer wrote (no hand-set window) to the schemas the agent's sources compute.</summary>
public sealed class ModelBindingTests(TrainedLabModels models) : IClassFixture<TrainedLabModels>
{
    // The schema a source computes for a model, as the worker builds it at start.
    private static FeatureSchema SourceSchema(DetectionSourceKind kind, string model) =>
        kind == DetectionSourceKind.Zeek
            ? FlowFeatures.Schema
            : HostWindowFeatures.CreateSchema(DetectionSources.WindowFor(kind, ModelBinding.StoredWindowSeconds(model)));

    [Fact]
    public void Trainer_FeaturesWithWindowFive_ModelStoresFiveSeconds()
    {
        FeatureNormalization features = ModelFile.Load(models.FiveSecondModel).Config.Features!;

        Assert.Equal(5, features.WindowSeconds);
        Assert.Equal((HostWindowFeatures.SchemaName, HostWindowFeatures.SchemaVersion), (features.Schema, features.Version));
        Assert.Equal(HostWindowFeatures.CreateSchema(TimeSpan.FromSeconds(5)).FeatureNames, features.Names);
    }

    [Theory]
    [InlineData("replay")]
    [InlineData("live")]
    public void Bind_FiveSecondModelOnThePacketSourceBuiltForIt_Fits(string kind)
    {
        FeatureSchema source = SourceSchema(Enum.Parse<DetectionSourceKind>(kind, ignoreCase: true), models.FiveSecondModel);

        SequenceModel<float> model = ModelBinding.Load(models.FiveSecondModel, source);

        Assert.Equal(TimeSpan.FromSeconds(5), source.Window);
        Assert.True(ModelBinding.Match(model, source).Fits);
    }

    [Fact]
    public void Bind_FiveSecondModelOnOneSecondSource_RefusedNamingBothWindowsAndTheRestart()
    {
        // A reload: the running source computes 1 s windows, the new model was trained on 5 s windows.
        FeatureSchema running = HostWindowFeatures.CreateSchema(TimeSpan.FromSeconds(1));

        var error = Assert.Throws<InvalidOperationException>(() => ModelBinding.Load(models.FiveSecondModel, running));

        Assert.Contains("window: the model was trained on 5 s windows, the source computes 1 s windows", error.Message, StringComparison.Ordinal);
        Assert.Contains("restart the agent to run this model", error.Message, StringComparison.Ordinal);
        Assert.StartsWith(models.FiveSecondModel, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_FiveSecondModelOnZeekSource_RefusedNamingBothSchemasAndWindows()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ModelBinding.Load(models.FiveSecondModel, SourceSchema(DetectionSourceKind.Zeek, models.FiveSecondModel)));

        Assert.Contains($"the model reads {HostWindowFeatures.SchemaName} v1, the source computes {FlowFeatures.SchemaName} v1", error.Message, StringComparison.Ordinal);
        Assert.Contains("the model was trained on 5 s windows, the source computes per-record rows (no window)", error.Message, StringComparison.Ordinal);
        Assert.Contains("needs Detection:Source 'live' or 'replay'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ModelTrainedOnRenamedFeature_RefusedNamingThePosition()
    {
        FeatureSchema source = SourceSchema(DetectionSourceKind.Replay, models.RenamedFeatureModel);

        var error = Assert.Throws<InvalidOperationException>(() => ModelBinding.Load(models.RenamedFeatureModel, source));

        Assert.Contains("feature names differ at 1 position(s): 0 is 'packets_out' in the model, 'pkts_out' in the source", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("window:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(1e308)]
    [InlineData(0.0001)]
    public void Bind_RealModelWithAWindowNoPacketSourceComputes_RefusedNamingBothWindows(double window)
    {
        SequenceModel<float> trained = ModelFile.Load(models.FiveSecondModel);
        var model = new SequenceModel<float>(trained.Config with { Features = trained.Config.Features! with { WindowSeconds = window } }, trained.Parameters);
        FeatureSchema source = HostWindowFeatures.CreateSchema(DetectionSources.WindowFor(DetectionSourceKind.Live, window));

        var error = Assert.Throws<InvalidOperationException>(() => ModelBinding.Bind(model, "m.safetensors", source));

        Assert.Equal(TimeSpan.FromSeconds(1), source.Window);
        Assert.Contains($"the model was trained on {SchemaBinding.DescribeWindow(window)}, the source computes 1 s windows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_ReloadOfAFiveSecondModelIntoAOneSecondAgent_RefusedWithModelErrorNamingBothWindows()
    {
        using var folder = new TempDirectory();
        string path = folder.Combine("model.safetensors");
        File.Copy(models.OneSecondModel, path);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
        var status = new AgentStatus(Options.Create(new AgentOptions { DeviceId = "test" }), time);
        FeatureSchema running = SourceSchema(DetectionSourceKind.Replay, path);
        using var reloader = new ModelReloader(path, running, null, TimeSpan.Zero, status, time, NullLogger.Instance);
        _ = reloader.LoadInitial();

        File.Copy(models.FiveSecondModel, path, overwrite: true);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        reloader.Check();

        Assert.Equal(TimeSpan.FromSeconds(1), running.Window);
        Assert.False(reloader.TryTakeReplacement(out _));
        Assert.Contains("window: the model was trained on 5 s windows, the source computes 1 s windows", status.ModelError, StringComparison.Ordinal);
    }
}
