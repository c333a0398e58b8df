namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Log messages of the detection pipeline; event ids 3000-3099 (registered in <see cref="LogEvents"/>).</summary>
internal static partial class DetectionLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Model {Path} loaded ({Id}): {Cell}, {Parameters} parameters, {Steps} steps, threshold {Threshold}")]
    public static partial void ModelLoaded(ILogger logger, string path, string id, EdgeLstm.Model.CellKind cell, int parameters, int steps, double threshold);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Watching {Source}")]
    public static partial void Watching(ILogger logger, string source);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Alert {Id}: host {Entity} score {Score:G4} (threshold {Threshold:G4}, {Severity})")]
    public static partial void AlertRaised(ILogger logger, Guid id, string entity, double score, double threshold, string severity);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Replay of {File} finished in {Seconds:F3} s: {Packets} packets, {Windows} host windows, {Alerts} alerts, {Evictions} hosts evicted")]
    public static partial void ReplayFinished(ILogger logger, string file, double seconds, long packets, long windows, long alerts, long evictions);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "No model is configured (Detection:ModelPath): detection is idle; status and stored alerts are still published")]
    public static partial void NoModel(ILogger logger);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Scoring in {Arithmetic}")]
    public static partial void Arithmetic(ILogger logger, string arithmetic);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Error, Message = "Model {Path} refused, the running model stays: {Reason}")]
    public static partial void ModelRefused(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Model {Path} verified ({Id}): it takes over at the next window")]
    public static partial void ModelVerified(ILogger logger, string path, string id);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Model {Path} was rewritten with the content already running ({Id}): nothing to swap")]
    public static partial void ModelUnchanged(ILogger logger, string path, string id);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Error, Message = "Model {Path} refused by an unexpected error, the running model stays: {Reason}")]
    public static partial void ModelRefusedUnexpectedly(ILogger logger, string path, string reason, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Model {Path} swapped in ({Id}): {Cell}, {Parameters} parameters, {Steps} steps, threshold {Threshold}; host histories reset: {HistoriesReset}")]
    public static partial void ModelSwapped(ILogger logger, string path, string id, EdgeLstm.Model.CellKind cell, int parameters, int steps, double threshold, bool historiesReset);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Malformed flow log line skipped ({Count} so far): {Problem}")]
    public static partial void MalformedFlowLine(ILogger logger, string problem, long count);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Following {Path} (after a rotation: {Rotated})")]
    public static partial void ConnLogOpened(ILogger logger, string path, bool rotated);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "{Path} does not exist (yet): waiting for Zeek to write it (check Detection:ConnLog if this lasts)")]
    public static partial void ConnLogMissing(ILogger logger, string path);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Critical, Message = "Detection stopped: {Reason}")]
    public static partial void Failed(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 3050, Level = LogLevel.Warning, Message = "Site learning for {Hours} h (until {Ends:u}, target false-positive rate {TargetFpr}): windows are scored, nothing alerts; state {Path}")]
    public static partial void LearningStarted(ILogger logger, double hours, DateTimeOffset ends, double targetFpr, string path);

    [LoggerMessage(EventId = 3051, Level = LogLevel.Warning, Message = "Site learning continues with {Windows} windows saved, until {Ends:u}: nothing alerts; state {Path}")]
    public static partial void LearningContinued(ILogger logger, long windows, DateTimeOffset ends, string path);

    [LoggerMessage(EventId = 3052, Level = LogLevel.Warning, Message = "Site learning has only {Windows} windows at its end; it goes on until {Minimum}")]
    public static partial void LearningExtended(ILogger logger, long windows, int minimum);

    [LoggerMessage(EventId = 3053, Level = LogLevel.Warning, Message = "Site threshold learnt: {Threshold:G6} (model {ModelThreshold:G6}) from {Windows} windows at false-positive rate {TargetFpr}; alerts are on; kept in {Path}")]
    public static partial void ThresholdLearnt(ILogger logger, double threshold, double modelThreshold, long windows, double targetFpr, string path);

    [LoggerMessage(EventId = 3054, Level = LogLevel.Information, Message = "Site threshold {Threshold:G6} (model {ModelThreshold:G6}, learnt from {Windows} windows) kept from {Path}")]
    public static partial void ThresholdKept(ILogger logger, double threshold, double modelThreshold, long windows, string path);

    [LoggerMessage(EventId = 3055, Level = LogLevel.Error, Message = "Site learning state {Path} could not be saved, learning goes on: {Reason}")]
    public static partial void LearningNotSaved(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 3056, Level = LogLevel.Information, Message = "Site threshold fitted over {HostHours:N2} host-hours: burst factor {BurstFactor:G3}, expected {Expected:G3} false alerts per 24 host-hours (target {Target:G3})")]
    public static partial void AlertRateFitted(ILogger logger, double hostHours, double burstFactor, double expected, double target);
}
