using EdgeLstm.Model;
using EdgeLstm.Model.LowPrecision;
using EdgeLstm.Trainer.FloatSD8;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Tests.FloatSD8;

public sealed class FloatSD8TrainingTests
{
    private static SequenceModel<float> Model(CellKind cell = CellKind.Lstm, HeadKind head = HeadKind.Sigmoid) =>
        SequenceModel.Create<float>(
            new ModelConfig { Cell = cell, InputSize = 3, HiddenSize = 8, Head = head, OutputSize = head == HeadKind.NextStep ? 3 : 1, SequenceLength = 4 },
            seed: 1);

    [Fact]
    public void Start_Parameters_BecomeTheFp16MasterAndModelRoundsActivations()
    {
        SequenceModel<float> model = Model();
        float[] initial = (float[])model.Parameters.Clone();
        var training = new FloatSD8Training(model, new FloatSD8Options());

        training.Start(model.Parameters);

        for (int i = 0; i < initial.Length; i++)
        {
            Assert.Equal((float)(Half)initial[i], model.Parameters[i]);
            Assert.Equal((Half)initial[i], training.Master[i]);
        }

        Assert.IsType<Fp8Rounding>(model.Rounding);
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Lite)]
    [InlineData(CellKind.Slim2)]
    public void EnterForward_WeightMatrices_NearestGridValuesThenExitRestoresMaster(CellKind cell)
    {
        SequenceModel<float> model = Model(cell);
        var training = new FloatSD8Training(model, new FloatSD8Options());
        training.Start(model.Parameters);
        float[] master = (float[])model.Parameters.Clone();

        training.EnterForward(model.Parameters);

        Assert.Equal(model.Tensors.Count(t => t.Shape.Count == 2), training.Weights.Count);
        for (int w = 0; w < training.Weights.Count; w++)
        {
            TensorSpec weight = training.Weights[w];
            int offset = FloatSD8Quantizer.ChooseOffset(master.AsSpan(weight.Offset, weight.Length));
            Assert.Equal(offset, training.Offsets[w]);
            for (int i = weight.Offset; i < weight.Offset + weight.Length; i++)
            {
                Assert.Equal(FloatSD8Quantizer.Quantize(master[i], offset), model.Parameters[i]);
            }
        }

        var weights = training.Weights.SelectMany(t => Enumerable.Range(t.Offset, t.Length)).ToHashSet();
        Assert.All(Enumerable.Range(0, master.Length).Where(i => !weights.Contains(i)), i => Assert.Equal(master[i], model.Parameters[i]));
        training.ExitForward(model.Parameters);
        Assert.Equal(master, model.Parameters);
    }

    [Fact]
    public void AfterStep_FloatUpdate_RoundedIntoFp16Master()
    {
        SequenceModel<float> model = Model();
        var training = new FloatSD8Training(model, new FloatSD8Options());
        training.Start(model.Parameters);
        model.Parameters[0] += 1e-3f;
        float updated = model.Parameters[0];

        training.AfterStep(model.Parameters, new AdamOptimizer(model.Parameters.Length));

        Assert.Equal((float)(Half)updated, model.Parameters[0]);
        Assert.Equal((Half)updated, training.Master[0]);
    }

    [Fact]
    public void Finish_AfterStart_RemovesTheRounding()
    {
        SequenceModel<float> model = Model();
        var training = new FloatSD8Training(model, new FloatSD8Options { Fp8Activations = false, Fp8Gradients = true });
        training.Start(model.Parameters);
        Assert.NotNull(model.Rounding);

        training.Finish(model.Parameters);

        Assert.Null(model.Rounding);
    }
}
