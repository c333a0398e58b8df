using System.Security.Cryptography;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Checks a model file's detached signature: ECDSA P-256 over SHA-256 of the file's bytes, stored next to the
/// model as <c>&lt;model&gt;.sig</c> in DER form (an ASN.1 SEQUENCE of r and s), which is what
/// <c>openssl dgst -sha256 -sign</c> writes (see deploy/sign-model.sh).</summary>
internal sealed class ModelSignature : IDisposable
{
    /// <summary>The suffix of a model's signature file.</summary>
    public const string Suffix = ".sig";

    private readonly ECDsa _key;

    private ModelSignature(ECDsa key) => _key = key;

    /// <summary>Reads the public key from a PEM file (<c>-----BEGIN PUBLIC KEY-----</c>).</summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or holds no P-256 public key.</exception>
    public static ModelSignature FromPemFile(string path)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(path));
            if (key.KeySize != 256)
            {
                throw new InvalidOperationException($"{path}: the model public key must be ECDSA P-256 (was {key.KeySize} bits).");
            }

            return new ModelSignature(key);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException or CryptographicException)
        {
            key.Dispose();
            throw new InvalidOperationException($"{path}: cannot read the model public key: {error.Message}", error);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Returns the signature file of a model file.</summary>
    public static string PathOf(string modelPath) => modelPath + Suffix;

    /// <summary>Checks the signature of a model's bytes.</summary>
    /// <param name="modelPath">The model file, to name it and find its signature.</param>
    /// <param name="model">The model's bytes, exactly as they will be loaded.</param>
    /// <exception cref="InvalidOperationException">The signature is missing or does not match; the message says which.</exception>
    public void Verify(string modelPath, ReadOnlySpan<byte> model)
    {
        string signaturePath = PathOf(modelPath);
        byte[] signature;
        try
        {
            signature = File.ReadAllBytes(signaturePath);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidOperationException($"{modelPath}: unsigned model refused: {signaturePath} is missing and Detection:ModelPublicKey is configured.", error);
        }

        if (!_key.VerifyData(model, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence))
        {
            throw new InvalidOperationException($"{modelPath}: the signature {signaturePath} does not match the model and Detection:ModelPublicKey.");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
