using System.Globalization;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;
using EdgeLstm.Model.Verification;

namespace EdgeLstm.Trainer.Commands;

/// <summary>Writes the models the commands make: stamped with a name and a creation time, and only after the agent's own
/// verification (<see cref="ModelVerifier"/>) accepted the exact bytes, so the trainer never writes what the agent refuses.</summary>
internal static class ModelOutput
{
    /// <summary>The environment variable of reproducible builds; when set (Unix seconds), it is the creation time written.</summary>
    public const string SourceDateEpoch = "SOURCE_DATE_EPOCH";

    /// <summary>Stamps a model's provenance, verifies it and writes it atomically.</summary>
    /// <param name="model">The model.</param>
    /// <param name="path">The file to write.</param>
    /// <param name="created">The creation time to record, or <see langword="null"/> for now (or <see cref="SourceDateEpoch"/>).</param>
    /// <param name="name">The name to record, or <see langword="null"/> to keep the model's own.</param>
    /// <returns>The model as written.</returns>
    /// <exception cref="ModelVerificationException">The agent would refuse the model; nothing is written.</exception>
    public static SequenceModel<float> Save(SequenceModel<float> model, string path, DateTimeOffset? created = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ModelProvenance provenance = model.Config.Provenance ?? new ModelProvenance();
        var stamped = new SequenceModel<float>(
            model.Config with
            {
                Provenance = provenance with
                {
                    Name = name ?? provenance.Name,
                    Created = WholeSeconds(created ?? Now()),
                },
            },
            model.Parameters);
        _ = ModelVerifier.VerifyForWriting(stamped, path);
        ModelFile.Save(stamped, path);
        return stamped;
    }

    private static DateTimeOffset Now() =>
        long.TryParse(Environment.GetEnvironmentVariable(SourceDateEpoch), NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UtcNow;

    private static DateTimeOffset WholeSeconds(DateTimeOffset time) => DateTimeOffset.FromUnixTimeSeconds(time.ToUnixTimeSeconds());
}
