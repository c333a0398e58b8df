using System.Numerics;
using EdgeLstm.Model;

namespace EdgeLstm.Model.Tests;

/// <summary>Builds small models and random batches for tests.</summary>
internal static class TestModels
{
    public static readonly CellKind[] AllCells = Enum.GetValues<CellKind>();

    public static readonly HeadKind[] AllHeads = Enum.GetValues<HeadKind>();

    /// <summary>Returns every cell kind with every head kind, for theories over all models.</summary>
    public static TheoryData<CellKind, HeadKind> AllCellsAndHeads()
    {
        var data = new TheoryData<CellKind, HeadKind>();
        foreach (CellKind cell in AllCells)
        {
            foreach (HeadKind head in AllHeads)
            {
                data.Add(cell, head);
            }
        }

        return data;
    }

    public static ModelConfig Config(CellKind cell, HeadKind head, int inputSize = 3, int hiddenSize = 4, bool peephole = true, int classes = 3, int steps = 4)
    {
        return new ModelConfig
        {
            Cell = cell,
            Head = head,
            InputSize = inputSize,
            HiddenSize = hiddenSize,
            Peephole = peephole,
            OutputSize = head switch
            {
                HeadKind.Sigmoid => 1,
                HeadKind.Softmax => classes,
                _ => inputSize,
            },
            SequenceLength = steps,
        };
    }

    public static T[] RandomInputs<T>(Random random, int count, int steps, int inputSize, double scale = 1.0)
        where T : IFloatingPointIeee754<T>
    {
        var inputs = new T[count * steps * inputSize];
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = T.CreateChecked(((random.NextDouble() * 2.0) - 1.0) * scale);
        }

        return inputs;
    }

    public static int[] RandomLabels(Random random, int count, HeadKind head, int classes)
    {
        if (head == HeadKind.NextStep)
        {
            return [];
        }

        int k = head == HeadKind.Sigmoid ? 2 : classes;
        return Enumerable.Range(0, count).Select(_ => random.Next(k)).ToArray();
    }
}
