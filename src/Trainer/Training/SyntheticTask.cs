namespace EdgeLstm.Trainer.Training;

/// <summary>Generates a learnable sequence task: does a burst (a run of large values on feature 0) occur in the sequence?</summary>
/// <remarks>The label depends on the whole sequence, so a recurrent cell must carry memory to solve it; chance is 50%.</remarks>
internal static class SyntheticTask
{
    /// <summary>Fills inputs [count × steps × features] and binary labels, balanced, from a seed.</summary>
    public static (float[] Inputs, int[] Labels) Generate(int count, int steps, int features, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[count * steps * features];
        var labels = new int[count];
        for (int s = 0; s < count; s++)
        {
            for (int i = 0; i < steps * features; i++)
            {
                inputs[(s * steps * features) + i] = (float)((random.NextDouble() * 2) - 1);
            }

            labels[s] = s % 2;
            if (labels[s] == 1)
            {
                int start = random.Next(steps - 2);
                for (int t = start; t < start + 3; t++)
                {
                    inputs[(((s * steps) + t) * features) + 0] = 2.5f;
                }
            }
        }

        return (inputs, labels);
    }
}
