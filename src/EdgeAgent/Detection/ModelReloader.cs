using System.Diagnostics.CodeAnalysis;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Scoring;
using EdgeLstm.Model.Verification;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Watches the model file (file-system events plus a periodic size and time check, since events are lost on
/// some file systems), verifies a changed file once it has settled, and hands a good one to the scoring loop; a bad one
/// is refused, logged and reported in the status while the running model stays.</summary>
/// <remarks>Verification is <see cref="ModelVerifier"/> (read, every field, the scorer the agent runs, probe scores) plus
/// the agent's own checks: the signature, the feature schema of the source (<see cref="ModelBinding"/>) and, for a
/// signed model, no rollback. Every outcome of a changed file is an event: verified (and swapped in by the scoring loop),
/// unchanged content, or refused with <see cref="AgentStatus.ModelError"/>. <see cref="Check"/> never throws, so the
/// timer and file-watcher threads it runs on cannot end the process.</remarks>
internal sealed class ModelReloader : IDisposable
{
    private readonly string _path;
    private readonly FeatureSchema _schema;
    private readonly ModelSignature? _signature;
    private readonly bool _allowRollback;
    private readonly TimeSpan _settle;
    private readonly AgentStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;
    private Fingerprint _current;
    private Fingerprint _seen;
    private long _seenAt;
    private LoadedModel? _replacement;
    private ModelIdentity? _accepted;

    /// <summary>Initializes a reloader of one model file.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="schema">The agent's feature schema the model must read.</param>
    /// <param name="signature">The signature check, or null when no public key is configured.</param>
    /// <param name="settle">How long a changed file must stay unchanged before it is read (a copy may still be writing it).</param>
    /// <param name="status">The status, told about refused models.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="allowRollback">Whether a signed model older than the running one may replace it (Detection:AllowModelRollback).</param>
    public ModelReloader(string path, FeatureSchema schema, ModelSignature? signature, TimeSpan settle, AgentStatus status, TimeProvider time, ILogger logger, bool allowRollback = false)
    {
        _path = Path.GetFullPath(path);
        _schema = schema;
        _signature = signature;
        _allowRollback = allowRollback;
        _settle = settle;
        _status = status;
        _time = time;
        _logger = logger;
    }

    /// <summary>Loads the model at start; a model that cannot run stops the agent.</summary>
    /// <exception cref="ModelVerificationException">The file is missing, unsigned, badly signed, malformed, cannot be
    /// scored or is of another schema; the message names the file and the field.</exception>
    public LoadedModel LoadInitial()
    {
        lock (_lock)
        {
            _current = Fingerprint.Of(_path, _signature is not null);
            _seen = _current;
            LoadedModel loaded = Read();
            _accepted = loaded.Identity;
            return loaded;
        }
    }

    /// <summary>Starts watching: file-system events and a check every <paramref name="interval"/>.</summary>
    public void Start(TimeSpan interval)
    {
        string directory = Path.GetDirectoryName(_path)!;
        _watcher = new FileSystemWatcher(directory, Path.GetFileName(_path) + "*")
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += (_, _) => Check();
        _watcher.Created += (_, _) => Check();
        _watcher.Renamed += (_, _) => Check();
        _watcher.EnableRaisingEvents = true;
        _timer = _time.CreateTimer(_ => Check(), null, interval, interval);
    }

    /// <summary>Looks at the file; once a change has settled, verifies the file and keeps it as the replacement or refuses it.</summary>
    /// <remarks>Never throws: an error no check anticipated refuses the file too, with its own event.</remarks>
    public void Check()
    {
        lock (_lock)
        {
            try
            {
                CheckLocked();
            }
            catch (ModelVerificationException error)
            {
                Refuse(error);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                DetectionLog.ModelRefusedUnexpectedly(_logger, _path, error.Message, error);
                _status.ModelError = $"{_path}: unexpected {error.GetType().Name}: {error.Message}";
            }
        }
    }

    /// <summary>Takes the verified replacement, if one arrived since the last call; the scoring loop calls it between windows.</summary>
    public bool TryTakeReplacement([NotNullWhen(true)] out LoadedModel? model)
    {
        model = Interlocked.Exchange(ref _replacement, null);
        return model is not null;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _watcher?.Dispose();
        _timer?.Dispose();
    }

    private void CheckLocked()
    {
        var now = Fingerprint.Of(_path, _signature is not null);
        if (now == _current)
        {
            return;
        }

        if (now != _seen)
        {
            _seen = now;
            _seenAt = _time.GetTimestamp();
        }

        if (_time.GetElapsedTime(_seenAt) < _settle)
        {
            return;
        }

        // Whatever the verdict, this version of the file is dealt with and is not read again until it changes.
        _current = now;
        LoadedModel loaded = Read();
        _status.ModelError = null;
        if (loaded.Identity.Sha256 == _accepted?.Sha256)
        {
            DetectionLog.ModelUnchanged(_logger, _path, loaded.Id);
            return;
        }

        _accepted = loaded.Identity;
        _ = Interlocked.Exchange(ref _replacement, loaded);
        DetectionLog.ModelVerified(_logger, _path, loaded.Id);
    }

    private void Refuse(ModelVerificationException error)
    {
        if (error.IsUnexpected)
        {
            DetectionLog.ModelRefusedUnexpectedly(_logger, _path, error.Message, error);
        }
        else
        {
            DetectionLog.ModelRefused(_logger, _path, error.Message);
        }

        _status.ModelError = error.Message;
    }

    private LoadedModel Read()
    {
        byte[] bytes;
        try
        {
            // The bytes checked against the signature are the bytes parsed, so a file swapped in between cannot slip through.
            bytes = File.ReadAllBytes(_path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ModelVerificationException(_path, ModelVerificationException.FileField, $"cannot read the model: {error.Message}", error);
        }

        try
        {
            _signature?.Verify(_path, bytes);
        }
        catch (InvalidOperationException error)
        {
            throw new ModelVerificationException(_path, "signature", error.Message, error);
        }

        VerifiedModel verified = ModelVerifier.Verify(bytes, _path);

        // The one binding of a model to the source's schema (SchemaBinding.Match, the comparison the trainer makes too).
        try
        {
            _ = ModelBinding.Bind(verified.Model, _path, _schema);
        }
        catch (InvalidOperationException error)
        {
            throw new ModelVerificationException(_path, "features", error.Message, error);
        }

        CheckRollback(verified.Identity);
        return new LoadedModel(verified.Model, verified.Identity, verified.Scorer);
    }

    // Only a signature makes the creation time trustworthy: without a key anyone who can write the file can write any time.
    private void CheckRollback(ModelIdentity candidate)
    {
        if (_signature is null || _allowRollback || _accepted?.Created is not { } running)
        {
            return;
        }

        if (candidate.Created is not { } created || created < running)
        {
            string when = candidate.Created is { } c ? $"was created {c:u}" : "records no creation time";
            throw new ModelVerificationException(
                _path,
                "provenance.created",
                $"the signed model {when}, before the running one ({running:u}); a rollback needs Detection:AllowModelRollback");
        }
    }

    /// <summary>What tells one version of the model (and its signature) from another without reading it.</summary>
    private readonly record struct Fingerprint(long Length, DateTime Written, long SignatureLength, DateTime SignatureWritten)
    {
        public static Fingerprint Of(string path, bool signed)
        {
            var model = new FileInfo(path);
            var signature = new FileInfo(ModelSignature.PathOf(path));
            return new Fingerprint(
                model.Exists ? model.Length : -1,
                model.Exists ? model.LastWriteTimeUtc : default,
                signed && signature.Exists ? signature.Length : -1,
                signed && signature.Exists ? signature.LastWriteTimeUtc : default);
        }
    }
}

/// <summary>A verified model, its identity and the scorer the verification built and probed.</summary>
/// <param name="Model">The model.</param>
/// <param name="Identity">The content hash, name and creation time.</param>
/// <param name="Scorer">The scorer the agent runs it with.</param>
internal sealed record LoadedModel(SequenceModel<float> Model, ModelIdentity Identity, ISequenceScorer Scorer)
{
    /// <summary>Gets the id alerts and the status report for the model (<see cref="ModelIdentity.Id"/>).</summary>
    public string Id => Identity.Id;
}
