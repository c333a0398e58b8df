using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Prints one line per epoch: losses, validation AUC, throughput and the time left.</summary>
internal sealed class ConsoleProgress(TextWriter writer) : IProgress<EpochReport>
{
    /// <inheritdoc/>
    public void Report(EpochReport value)
    {
        string auc = double.IsNaN(value.ValidationAuc) ? "" : $"  val AUC {value.ValidationAuc:F4}";
        writer.WriteLine(
            $"  epoch {value.Epoch,3}/{value.Epochs}  loss {value.TrainLoss:F4}  val loss {value.ValidationLoss:F4}{auc}  {value.SequencesPerSecond,8:F0} seq/s  ETA {value.Remaining:hh\\:mm\\:ss}");
    }
}
