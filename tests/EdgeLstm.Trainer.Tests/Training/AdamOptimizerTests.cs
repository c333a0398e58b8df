using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Tests.Training;

public sealed class AdamOptimizerTests
{
    [Fact]
    public void Step_FirstStep_MovesEachParameterByLearningRateAgainstGradientSign()
    {
        // After one step Adam's update is lr · g / (|g| + ε'), i.e. lr · sign(g) for gradients well above ε.
        var optimizer = new AdamOptimizer(3, learningRate: 0.1f);
        float[] parameters = [1f, -2f, 0.5f];

        optimizer.Step(parameters, [4f, -0.25f, 1e-3f]);

        Assert.Equal(0.9f, parameters[0], 5);
        Assert.Equal(-1.9f, parameters[1], 5);
        Assert.Equal(0.4f, parameters[2], 4);
    }

    [Fact]
    public void Step_Quadratic_ConvergesToMinimum()
    {
        var optimizer = new AdamOptimizer(2, learningRate: 0.05f);
        float[] x = [3f, -4f];
        var gradient = new float[2];
        for (int i = 0; i < 2000; i++)
        {
            // f(x) = (x0 − 1)² + 10 (x1 + 2)²
            gradient[0] = 2 * (x[0] - 1);
            gradient[1] = 20 * (x[1] + 2);
            optimizer.Step(x, gradient);
        }

        Assert.Equal(1f, x[0], 2);
        Assert.Equal(-2f, x[1], 2);
    }

    [Fact]
    public void ClipGradientNorm_AboveLimit_ScalesToLimitAndReturnsOriginalNorm()
    {
        float[] gradients = [3f, 4f];

        float norm = AdamOptimizer.ClipGradientNorm(gradients, 1f);

        Assert.Equal(5f, norm, 5);
        Assert.Equal(0.6f, gradients[0], 5);
        Assert.Equal(0.8f, gradients[1], 5);
    }

    [Fact]
    public void ClipGradientNorm_BelowLimit_LeavesGradients()
    {
        float[] gradients = [0.3f, 0.4f];

        AdamOptimizer.ClipGradientNorm(gradients, 1f);

        Assert.Equal([0.3f, 0.4f], gradients);
    }

    [Fact]
    public void Step_WrongLength_Throws()
    {
        var optimizer = new AdamOptimizer(2);

        Assert.Throws<ArgumentException>(() => optimizer.Step(new float[3], new float[3]));
    }

    [Fact]
    public void ResetMoments_GivenPositions_ZeroesOnlyThoseAndNextStepStartsFresh()
    {
        var optimizer = new AdamOptimizer(3, learningRate: 0.1f);
        float[] parameters = [0f, 0f, 0f];
        optimizer.Step(parameters, [1f, 1f, 1f]);

        optimizer.ResetMoments([0, 2]);

        Assert.Equal(0f, optimizer.FirstMomentAt(0));
        Assert.Equal(0f, optimizer.SecondMomentAt(2));
        Assert.NotEqual(0f, optimizer.FirstMomentAt(1));
        Assert.NotEqual(0f, optimizer.SecondMomentAt(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.ResetMoments([3]));
    }
}
