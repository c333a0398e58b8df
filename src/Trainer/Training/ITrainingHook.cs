namespace EdgeLstm.Trainer.Training;

/// <summary>Lets a training technique (sparse evolution, low-precision weights) act at fixed points of <see cref="ModelTrainer"/>'s loop.</summary>
/// <remarks>
/// The trainer calls the hooks in order, except <see cref="ExitForward"/>, which it calls in reverse order. Between
/// <see cref="EnterForward"/> and <see cref="ExitForward"/> the parameters are what the model computes with (every
/// training batch, every validation and the best-epoch snapshot); outside, they are what the optimizer updates.
/// Every method has an empty default.
/// </remarks>
internal interface ITrainingHook
{
    /// <summary>Runs once before the first batch.</summary>
    void Start(Span<float> parameters)
    {
    }

    /// <summary>Prepares the parameters the model computes with.</summary>
    void EnterForward(Span<float> parameters)
    {
    }

    /// <summary>Restores the parameters the optimizer updates.</summary>
    void ExitForward(Span<float> parameters)
    {
    }

    /// <summary>Runs after the mini-batch gradient is summed, before clipping and the optimizer step.</summary>
    void BeforeStep(Span<float> parameters, Span<float> gradient)
    {
    }

    /// <summary>Runs after every optimizer step.</summary>
    void AfterStep(Span<float> parameters, AdamOptimizer optimizer)
    {
    }

    /// <summary>Runs after an epoch has been validated and reported, unless training stops there.</summary>
    void AfterEpoch(Span<float> parameters, AdamOptimizer optimizer, int epoch)
    {
    }

    /// <summary>Runs once after the best epoch's parameters have been restored.</summary>
    void Finish(Span<float> parameters)
    {
    }
}
