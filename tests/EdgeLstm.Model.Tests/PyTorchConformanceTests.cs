using System.Text.Json;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using Xunit.Abstractions;

namespace EdgeLstm.Model.Tests;

/// <summary>Compares the float cells with PyTorch 1.13 (Debian's python3-torch): torch.nn.LSTM + torch.nn.Linear for
/// the lstm cell, and autograd over DESIGN.md's equations for the other cells.</summary>
public sealed class PyTorchConformanceTests(ITestOutputHelper output)
{
    private const double Bound = 1e-5;

    public static TheoryData<CellKind, HeadKind> Cases()
    {
        var data = new TheoryData<CellKind, HeadKind>();
        foreach (HeadKind head in TestModels.AllHeads)
        {
            data.Add(CellKind.Lstm, head);
        }

        foreach (CellKind cell in TestModels.AllCells.Where(c => c != CellKind.Lstm))
        {
            data.Add(cell, HeadKind.Sigmoid);
            data.Add(cell, HeadKind.NextStep);
        }

        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public void Loss_AgainstPyTorch_OutputsAndGradientsWithin1e5(CellKind cell, HeadKind head)
    {
        Skip.If(PyTorchReference.MissingReason is not null, PyTorchReference.MissingReason);
        ModelConfig config = TestModels.Config(cell, head, inputSize: 6, hiddenSize: 16, classes: 4, steps: 12);
        SequenceModel<float> model = SequenceModel.Create<float>(config, seed: 11);
        var random = new Random(5);
        const int count = 8;
        float[] inputs = TestModels.RandomInputs<float>(random, count, config.SequenceLength, config.InputSize, scale: 2.0);
        int[] labels = TestModels.RandomLabels(random, count, head, config.OutputSize);
        var batch = new SequenceBatch<float>(inputs, count, config.SequenceLength, labels);
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        float loss = model.Loss(batch, workspace, computeGradients: true);

        string folder = Directory.CreateTempSubdirectory("edgelstm-torch-").FullName;
        try
        {
            string modelPath = Path.Combine(folder, "model.safetensors");
            string casePath = Path.Combine(folder, "case.json");
            ModelFile.Save(model, modelPath);
            WriteCase(casePath, model, workspace, batch, inputs, labels, loss);

            using JsonDocument result = JsonDocument.Parse(PyTorchReference.Run("conformance.py", modelPath, casePath));
            output.WriteLine(result.RootElement.GetRawText());
            JsonElement root = result.RootElement;
            Assert.InRange(root.GetProperty("hidden").GetDouble(), 0, Bound);
            Assert.InRange(root.GetProperty("outputs").GetDouble(), 0, Bound);
            Assert.InRange(root.GetProperty("loss").GetDouble(), 0, Bound);
            JsonElement gradients = root.GetProperty("gradients");
            Assert.Equal(model.Tensors.Count, gradients.EnumerateObject().Count());
            foreach (JsonProperty gradient in gradients.EnumerateObject())
            {
                Assert.True(gradient.Value.GetDouble() <= Bound, $"{gradient.Name}: max |Δ| {gradient.Value.GetDouble():E2} > {Bound:E0}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteCase(string path, SequenceModel<float> model, SequenceWorkspace<float> workspace, in SequenceBatch<float> batch, float[] inputs, int[] labels, float loss)
    {
        int n = model.Config.HiddenSize;
        int k = model.Config.OutputSize;
        int count = batch.Count;
        int steps = batch.Steps;
        using FileStream stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteNumber("count", count);
        json.WriteNumber("steps", steps);
        WriteArray(json, "inputs", inputs);
        json.WriteStartArray("labels");
        foreach (int label in labels)
        {
            json.WriteNumberValue(label);
        }

        json.WriteEndArray();
        json.WriteNumber("loss", loss);

        // The workspace is time-major; PyTorch (batch_first) is sequence-major.
        var hidden = new float[count * steps * n];
        for (int t = 1; t <= steps; t++)
        {
            ReadOnlySpan<float> block = workspace.HiddenStateAt(t);
            for (int b = 0; b < count; b++)
            {
                block.Slice(b * n, n).CopyTo(hidden.AsSpan(((b * steps) + t - 1) * n, n));
            }
        }

        WriteArray(json, "hidden", hidden);
        int rows = model.Head.OutputRowsPerSequence(steps);
        var outputs = new float[count * rows * k];
        for (int r = 0; r < rows; r++)
        {
            for (int b = 0; b < count; b++)
            {
                workspace.Outputs.Slice(((r * count) + b) * k, k).CopyTo(outputs.AsSpan(((b * rows) + r) * k, k));
            }
        }

        WriteArray(json, "outputs", outputs);
        json.WriteStartObject("gradients");
        foreach (TensorSpec tensor in model.Tensors)
        {
            WriteArray(json, tensor.Name, workspace.Gradients.AsSpan(tensor.Offset, tensor.Length).ToArray());
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter json, string name, float[] values)
    {
        json.WriteStartArray(name);
        foreach (float value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }
}
