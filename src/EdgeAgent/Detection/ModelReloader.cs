using System.Diagnostics.CodeAnalysis;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.Features.Windows;
using EdgeLstm.Model;
using EdgeLstm.Model.Serialization;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Watches the model file (file-system events plus a periodic size and time check, since events are lost on
/// some file systems), verifies a changed file once it has settled, and hands a good one to the scoring loop; a bad one
/// is refused, logged and reported in the status while the running model stays.</summary>
internal sealed class ModelReloader : IDisposable
{
    private readonly string _path;
    private readonly FeatureSchema _schema;
    private readonly ModelSignature? _signature;
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

    /// <summary>Initializes a reloader of one model file.</summary>
    /// <param name="path">The model file.</param>
    /// <param name="schema">The agent's feature schema the model must read.</param>
    /// <param name="signature">The signature check, or null when no public key is configured.</param>
    /// <param name="settle">How long a changed file must stay unchanged before it is read (a copy may still be writing it).</param>
    /// <param name="status">The status, told about refused models.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The logger.</param>
    public ModelReloader(string path, FeatureSchema schema, ModelSignature? signature, TimeSpan settle, AgentStatus status, TimeProvider time, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _schema = schema;
        _signature = signature;
        _settle = settle;
        _status = status;
        _time = time;
        _logger = logger;
    }

    /// <summary>Loads the model at start; a model that cannot run stops the agent.</summary>
    /// <exception cref="InvalidOperationException">The file is missing, unsigned, badly signed, malformed or of another schema.</exception>
    public LoadedModel LoadInitial()
    {
        lock (_lock)
        {
            _current = Fingerprint.Of(_path, _signature is not null);
            _seen = _current;
            return Read();
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
    public void Check()
    {
        lock (_lock)
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
            try
            {
                LoadedModel loaded = Read();
                _ = Interlocked.Exchange(ref _replacement, loaded);
                _status.ModelError = null;
            }
            catch (InvalidOperationException error)
            {
                DetectionLog.ModelRefused(_logger, _path, error.Message);
                _status.ModelError = error.Message;
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

    private LoadedModel Read()
    {
        try
        {
            // The bytes checked against the signature are the bytes parsed, so a file swapped in between cannot slip through.
            byte[] bytes = File.ReadAllBytes(_path);
            _signature?.Verify(_path, bytes);
            SequenceModel<float> model = ModelBinding.Bind(ModelFile.Read(bytes), _path, _schema);
            return new LoadedModel(model, Path.GetFileName(_path));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{_path}: cannot read the model: {error.Message}", error);
        }
        catch (ModelFormatException error)
        {
            throw new InvalidOperationException($"{_path}: not a valid model: {error.Message}", error);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or OverflowException or NotSupportedException)
        {
            // A well-formed file whose values the model rejects; at reload this runs on a timer thread, where an
            // escaping exception would end the process instead of refusing the file.
            throw new InvalidOperationException($"{_path}: not a valid model: {error.Message}", error);
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

/// <summary>A verified model and the id alerts and the status report for it.</summary>
internal sealed record LoadedModel(SequenceModel<float> Model, string Id);
