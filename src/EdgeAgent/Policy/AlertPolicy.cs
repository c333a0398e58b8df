using System.Numerics;
using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Policy;

/// <summary>Turns scored windows into alerts: k of the last n windows of an entity above the threshold, then a per-entity cooldown.</summary>
/// <remarks>
/// Per entity the policy keeps a 64-bit history of anomalous windows, the last window time and the last
/// alert time; at most <see cref="AlertPolicyOptions.MaxEntities"/> entities, least recently seen
/// forgotten first (counted in <see cref="EvictedEntities"/>), so memory stays bounded under a flood of
/// addresses. Not thread-safe: one pipeline stage owns it.
/// </remarks>
internal sealed class AlertPolicy
{
    private readonly AlertPolicyOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<string, LinkedListNode<EntityState>> _entities = new(StringComparer.Ordinal);
    private readonly LinkedList<EntityState> _recency = new();
    private readonly ulong _windowMask;
    private readonly TimeSpan _cooldown;
    private readonly TimeSpan _idleReset;

    /// <summary>Initializes a new instance of the <see cref="AlertPolicy"/> class.</summary>
    /// <param name="options">The validated policy options.</param>
    /// <param name="timeProvider">The clock for alert ids.</param>
    public AlertPolicy(IOptions<AlertPolicyOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        _timeProvider = timeProvider;
        _windowMask = _options.Windows == 64 ? ulong.MaxValue : (1UL << _options.Windows) - 1;
        _cooldown = TimeSpan.FromSeconds(_options.CooldownSeconds);
        _idleReset = TimeSpan.FromSeconds(_options.IdleResetSeconds);
    }

    /// <summary>Gets the number of entities tracked.</summary>
    public int TrackedEntities => _entities.Count;

    /// <summary>Gets the number of entities forgotten because <see cref="AlertPolicyOptions.MaxEntities"/> was reached.</summary>
    public long EvictedEntities { get; private set; }

    /// <summary>Records a scored window and decides whether it raises an alert.</summary>
    /// <param name="score">The window's score; windows of one entity arrive in time order.</param>
    /// <returns>The decision, or null when no alert is due.</returns>
    /// <exception cref="ArgumentException">The entity is empty, or the score or threshold is not a finite number, or the threshold is not positive.</exception>
    public AlertDecision? Observe(in WindowScore score)
    {
        ArgumentException.ThrowIfNullOrEmpty(score.Entity, nameof(score));
        if (!double.IsFinite(score.Score) || !double.IsFinite(score.Threshold) || score.Threshold <= 0)
        {
            throw new ArgumentException($"A window score needs a finite score and a positive finite threshold (were {score.Score} and {score.Threshold}).", nameof(score));
        }

        EntityState state = Touch(score.Entity);
        if (state.LastWindowEnd != default && score.End - state.LastWindowEnd > _idleReset)
        {
            state.History = 0;
        }

        state.LastWindowEnd = score.End;
        state.History = ((state.History << 1) | (score.Score > score.Threshold ? 1UL : 0UL)) & _windowMask;

        int anomalous = BitOperations.PopCount(state.History);
        if (anomalous < _options.AnomalousWindows || score.Score <= score.Threshold)
        {
            return null;
        }

        if (state.LastAlert != default && score.End - state.LastAlert < _cooldown)
        {
            return null;
        }

        state.LastAlert = score.End;
        TimeSpan length = score.End - score.Start;
        var window = new AlertWindow(score.End - (length * _options.Windows), score.End, _options.Windows, anomalous);
        return new AlertDecision(Severity(score.Score / score.Threshold), window);
    }

    /// <summary>Builds the alert for a decision, with a new UUIDv7.</summary>
    /// <param name="decision">The decision from <see cref="Observe"/>.</param>
    /// <param name="score">The window that raised it.</param>
    /// <param name="modelId">The running model's id.</param>
    /// <param name="topFeatures">The features that contributed most, largest first.</param>
    /// <returns>The alert, ready for <see cref="IAlertSink.Submit"/>.</returns>
    public Alert CreateAlert(in AlertDecision decision, in WindowScore score, string modelId, IReadOnlyList<FeatureContribution> topFeatures)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        ArgumentNullException.ThrowIfNull(topFeatures);
        return new Alert(AlertIds.Create(_timeProvider), _timeProvider.GetUtcNow(), score.Entity, score.Score, score.Threshold, decision.Severity, decision.Window, modelId, topFeatures);
    }

    private AlertSeverity Severity(double ratio) =>
        ratio >= _options.CriticalRatio ? AlertSeverity.Critical :
        ratio >= _options.HighRatio ? AlertSeverity.High :
        ratio >= _options.MediumRatio ? AlertSeverity.Medium :
        AlertSeverity.Low;

    private EntityState Touch(string entity)
    {
        if (_entities.TryGetValue(entity, out LinkedListNode<EntityState>? node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            return node.Value;
        }

        if (_entities.Count >= _options.MaxEntities && _recency.Last is { } oldest)
        {
            _recency.RemoveLast();
            _ = _entities.Remove(oldest.Value.Entity);
            EvictedEntities++;
        }

        node = _recency.AddFirst(new EntityState(entity));
        _entities.Add(entity, node);
        return node.Value;
    }

    private sealed class EntityState(string entity)
    {
        public string Entity { get; } = entity;

        public ulong History { get; set; }

        public DateTimeOffset LastWindowEnd { get; set; }

        public DateTimeOffset LastAlert { get; set; }
    }
}
