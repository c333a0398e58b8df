namespace EdgeLstm.Trainer.Training;

/// <summary>Describes one finished epoch for progress displays, reports and early stopping.</summary>
/// <param name="Epoch">The epoch number, from 1.</param>
/// <param name="Epochs">The largest number of epochs.</param>
/// <param name="TrainLoss">The mean training loss of the epoch.</param>
/// <param name="ValidationLoss">The mean validation loss after the epoch.</param>
/// <param name="ValidationAuc">The validation ROC AUC of classifiers (attack vs benign); NaN when not defined.</param>
/// <param name="SequencesPerSecond">The training throughput of the epoch.</param>
/// <param name="Remaining">The estimated time to the last epoch.</param>
internal sealed record EpochReport(int Epoch, int Epochs, double TrainLoss, double ValidationLoss, double ValidationAuc, double SequencesPerSecond, TimeSpan Remaining);
