using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Trainer.Commands;

namespace EdgeLstm.Trainer.Tests.Commands;

[Collection(ConsoleCapture.Collection)]
public sealed class DemoCommandTests
{
    [Fact]
    public void Invoke_Demo_TrainsAboveChanceAndWritesLoadableModel()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgelstm-demo-{Guid.NewGuid():N}.safetensors");
        try
        {
            int exit = TrainerCli.Build().Parse(["demo", "--output", path, "--epochs", "5", "--cell", "lite"]).Invoke();

            Assert.Equal(0, exit);
            SequenceModel<float> model = ModelFile.Load(path);
            Assert.Equal(CellKind.Lite, model.Config.Cell);
            Assert.InRange(model.Config.Provenance!.Metrics["test_accuracy"]!.Value, 0.9, 1.0);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
