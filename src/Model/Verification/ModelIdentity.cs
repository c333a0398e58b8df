using System.Globalization;
using System.Security.Cryptography;

namespace EdgeLstm.Model.Verification;

/// <summary>Identifies one model file: the SHA-256 of its bytes, and the name and creation time its provenance records.</summary>
/// <param name="Sha256">The SHA-256 of the file's bytes, lower-case hex.</param>
/// <param name="Name">The model's name from its provenance, or an empty string.</param>
/// <param name="Created">The model's creation time from its provenance, or <see langword="null"/> when it records none.</param>
public sealed record ModelIdentity(string Sha256, string Name, DateTimeOffset? Created)
{
    /// <summary>The number of hex digits of the hash the id shows (64 bits, enough to tell a fleet's models apart).</summary>
    public const int ShortHashLength = 16;

    /// <summary>Gets the id alerts and the status report: <c>name@2026-12-04T21:14:15Z sha256:0123456789abcdef</c>, the
    /// name and time left out when the provenance has none.</summary>
    public string Id
    {
        get
        {
            string created = Created is { } time ? time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
            string label = (Name, created) switch
            {
                ("", "") => "",
                (_, "") => Name + " ",
                ("", _) => "@" + created + " ",
                _ => $"{Name}@{created} ",
            };
            return $"{label}sha256:{Sha256[..ShortHashLength]}";
        }
    }

    /// <summary>Returns the identity of a model file's bytes.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="provenance">The provenance read from them, or <see langword="null"/>.</param>
    public static ModelIdentity Of(ReadOnlySpan<byte> bytes, ModelProvenance? provenance) =>
        new(Convert.ToHexStringLower(SHA256.HashData(bytes)), provenance?.Name ?? "", provenance?.Created);
}
