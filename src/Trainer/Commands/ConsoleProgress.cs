using EdgeLstm.Trainer.Reporting;
using EdgeLstm.Trainer.Training;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Prints one line per epoch: losses, validation AUC, throughput and the time left.</summary>
internal sealed class ConsoleProgress(TextWriter writer) : IProgress<EpochReport>
{
    /// <inheritdoc/>
    public void Report(EpochReport value)
    {
        // Undefined (a next-step model validates on benign windows only, or the validation split holds no attack).
        string auc = $"  val AUC {MetricText.Format(value.ValidationAuc, "F4")}";
        writer.WriteLine(
            $"  epoch {value.Epoch,3}/{value.Epochs}  loss {value.TrainLoss:F4}  val loss {value.ValidationLoss:F4}{auc}  {value.SequencesPerSecond,8:F0} seq/s  ETA {value.Remaining:hh\\:mm\\:ss}");
    }
}
