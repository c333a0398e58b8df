namespace EdgeLstm.Model.Tests;

public sealed class SequenceWorkspaceTests
{
    [Fact]
    public void LastOutputs_NextStepHead_ArePredictionsOfTheLastStepWhoseMeanSquaredErrorIsTheScore()
    {
        const int m = 3, steps = 4, count = 5;
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lite, HeadKind.NextStep, inputSize: m, steps: steps), seed: 2);
        float[] inputs = TestModels.RandomInputs<float>(new Random(3), count, steps, m);
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        var scores = new float[count];

        model.Score(new SequenceBatch<float>(inputs, count, steps), workspace, scores);

        for (int b = 0; b < count; b++)
        {
            float[] predicted = workspace.LastOutputs(b).ToArray();
            float[] last = inputs[(((b * steps) + steps - 1) * m)..(((b * steps) + steps) * m)];
            Assert.Equal(scores[b], Enumerable.Range(0, m).Sum(j => (predicted[j] - last[j]) * (predicted[j] - last[j])) / m, 5);
        }
    }

    [Fact]
    public void LastOutputs_Classifier_AreTheLogits()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Softmax, classes: 3), seed: 4);
        float[] inputs = TestModels.RandomInputs<float>(new Random(5), 2, 4, 3);
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        var logits = new float[6];

        model.Logits(new SequenceBatch<float>(inputs, 2, 4), workspace, logits);

        Assert.Equal(logits[3..], workspace.LastOutputs(1).ToArray());
    }

    [Fact]
    public void LastOutputs_SequenceOutsideTheBatch_Throws()
    {
        SequenceModel<float> model = SequenceModel.Create<float>(TestModels.Config(CellKind.Lstm, HeadKind.Sigmoid), seed: 4);
        SequenceWorkspace<float> workspace = model.CreateWorkspace();
        model.Score(new SequenceBatch<float>(new float[12], 1, 4), workspace, new float[1]);

        Assert.Throws<ArgumentOutOfRangeException>(() => workspace.LastOutputs(1).Length);
    }
}
