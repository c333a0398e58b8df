namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>Models written by the real trainer (<c>edgelstm-train features</c> then <c>train</c>, as processes) on the
/// traffic-lab capture: on 5 s windows, on 1 s windows, and on 5 s windows whose CSV header renames a feature.</summary>
public sealed class TrainedLabModels : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgelstm-lab-models-").FullName;

    /// <summary>Gets the 5 s features CSV the trainer wrote.</summary>
    public string FiveSecondFeatures => Path.Combine(_folder, "lab5.csv");

    /// <summary>Gets the model trained on <see cref="FiveSecondFeatures"/>.</summary>
    public string FiveSecondModel => Path.Combine(_folder, "lab5.safetensors");

    /// <summary>Gets the model trained on the 1 s features of the same capture.</summary>
    public string OneSecondModel => Path.Combine(_folder, "lab1.safetensors");

    /// <summary>Gets the model trained on the same rows with <c>pkts_out</c> renamed <c>packets_out</c> in the header.</summary>
    public string RenamedFeatureModel => Path.Combine(_folder, "renamed.safetensors");

    /// <summary>Gets the number of rows of <see cref="FiveSecondFeatures"/>: the host windows the trainer saw.</summary>
    public int FiveSecondRows { get; private set; }

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        await TrainerCli.RunAsync("features", "--capture", SampleFiles.TrafficLab("lab.pcap"), "--window", "5", "-o", FiveSecondFeatures);
        string[] lines = await File.ReadAllLinesAsync(FiveSecondFeatures);
        FiveSecondRows = lines.Length - 2;
        string renamed = Path.Combine(_folder, "renamed.csv");
        await File.WriteAllLinesAsync(renamed, [lines[0], lines[1].Replace(",pkts_out,", ",packets_out,", StringComparison.Ordinal), .. lines[2..]]);
        string oneSecond = Path.Combine(_folder, "lab1.csv");
        await TrainerCli.RunAsync("features", "--capture", SampleFiles.TrafficLab("lab.pcap"), "-o", oneSecond);
        await Task.WhenAll(Train(FiveSecondFeatures, FiveSecondModel), Train(renamed, RenamedFeatureModel), Train(oneSecond, OneSecondModel));
    }

    /// <inheritdoc/>
    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private static Task Train(string features, string model) =>
        TrainerCli.RunAsync("train", "--data", features, "--format", "features", "--unsupervised", "--steps", "3", "--epochs", "2", "--hidden", "8", "--threads", "1", "--seed", "1", "-o", model);
}
