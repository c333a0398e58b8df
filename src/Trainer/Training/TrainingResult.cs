namespace EdgeLstm.Trainer.Training;

/// <summary>Tells how a training run ended; the model holds the parameters of <see cref="BestEpoch"/>.</summary>
/// <param name="History">One report per finished epoch.</param>
/// <param name="BestEpoch">The epoch with the lowest validation loss, whose parameters the model keeps.</param>
/// <param name="StoppedEarly">Whether the validation loss stopped improving before the last epoch.</param>
/// <param name="Cancelled">Whether the run was interrupted (Ctrl-C).</param>
/// <param name="Elapsed">The wall-clock time of the run.</param>
internal sealed record TrainingResult(IReadOnlyList<EpochReport> History, int BestEpoch, bool StoppedEarly, bool Cancelled, TimeSpan Elapsed);
