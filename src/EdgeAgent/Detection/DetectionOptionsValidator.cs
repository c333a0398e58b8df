using EdgeLstm.Features.Capture;
using EdgeLstm.Features.Windows;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Detection;

/// <summary>Validates <see cref="DetectionOptions"/>, naming every bad setting.</summary>
internal sealed class DetectionOptionsValidator : IValidateOptions<DetectionOptions>
{
    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, DetectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> failures = [];
        const string Section = DetectionOptions.SectionName;
        if (!Enum.IsDefined(options.Source))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.Source)} must be one of {DetectionSourceKindConverter.AllowedValues} (was '{options.Source}').");
        }

        string? badNetwork = null;
        if (options.IgnoreNetworks is null || !WindowFeatureOptions.TryParseNetworks(options.IgnoreNetworks, out _, out badNetwork))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.IgnoreNetworks)} must list networks in CIDR notation, such as 192.168.1.1/32 or fd00::/8 (entry '{badNetwork}' is not one).");
        }

        if (options.Source == DetectionSourceKind.Zeek && string.IsNullOrWhiteSpace(options.ConnLog))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.ConnLog)} must name a Zeek conn.log (such as /opt/zeek/logs/current/conn.log) when {Section}:{nameof(DetectionOptions.Source)} is 'zeek'.");
        }

        if (options.ConnLogReorderSeconds is < 0 or > 3600 || !double.IsFinite(options.ConnLogReorderSeconds))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.ConnLogReorderSeconds)} must be between 0 and 3600 seconds (was {options.ConnLogReorderSeconds}).");
        }

        if (options.Source == DetectionSourceKind.Replay && string.IsNullOrWhiteSpace(options.CaptureFile))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.CaptureFile)} must name a capture file when {Section}:{nameof(DetectionOptions.Source)} is 'replay'.");
        }

        if (options.Source == DetectionSourceKind.Live && string.IsNullOrWhiteSpace(options.Interface))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.Interface)} must name a network interface when {Section}:{nameof(DetectionOptions.Source)} is 'live'.");
        }
        else if (options.Source == DetectionSourceKind.Live && options.ModelPath.Length > 0)
        {
            // Only when detection runs: without a model nothing is captured, and the default eth0 need not exist.
            IReadOnlyList<string> interfaces = NetworkInterfaceNames.List();
            if (!interfaces.Contains(options.Interface, StringComparer.Ordinal))
            {
                failures.Add($"{Section}:{nameof(DetectionOptions.Interface)} names no network interface of this machine (was '{options.Interface}'); the interfaces are: {string.Join(", ", interfaces)}.");
            }
        }

        if (options.ModelPath.Length > 0 && !File.Exists(options.ModelPath))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.ModelPath)} must name an existing model file (was '{options.ModelPath}'); leave it empty to run without detection.");
        }

        if (options.ModelPublicKey.Length > 0 && !File.Exists(options.ModelPublicKey))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.ModelPublicKey)} must name an existing PEM public key file (was '{options.ModelPublicKey}').");
        }
        else if (options.ModelPublicKey.Length > 0)
        {
            try
            {
                ModelSignature.FromPemFile(options.ModelPublicKey).Dispose();
            }
            catch (InvalidOperationException error)
            {
                failures.Add($"{Section}:{nameof(DetectionOptions.ModelPublicKey)} must be a PEM file of an ECDSA P-256 public key: {error.Message}");
            }
        }

        if (options.Source == DetectionSourceKind.Live && options.Filter.Length > 0 && LiveCaptureSource.CheckFilter(options.Filter) is { } filterError)
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.Filter)} is not a valid BPF filter (was '{options.Filter}'): {filterError}.");
        }

        if (options.ModelCheckSeconds is <= 0 or > 86_400 || !double.IsFinite(options.ModelCheckSeconds))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.ModelCheckSeconds)} must be between 0 and 86400 seconds, 0 excluded (was {options.ModelCheckSeconds}).");
        }

        if (options.ModelSettleSeconds is < 0 or > 3600 || !double.IsFinite(options.ModelSettleSeconds))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.ModelSettleSeconds)} must be between 0 and 3600 seconds (was {options.ModelSettleSeconds}).");
        }

        if (options.ReplaySpeed < 0 || !double.IsFinite(options.ReplaySpeed))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.ReplaySpeed)} must be 0 (fastest) or a positive factor (was {options.ReplaySpeed}).");
        }

        if (options.MaxEntities is < 1 or > 1_000_000)
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.MaxEntities)} must be between 1 and 1000000 (was {options.MaxEntities}).");
        }

        if (options.IdleResetSeconds <= 0 || !double.IsFinite(options.IdleResetSeconds))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.IdleResetSeconds)} must be a positive number of seconds (was {options.IdleResetSeconds}).");
        }

        if (options.OfWindows is < 1 or > 64 || options.AnomalousWindows < 1 || options.AnomalousWindows > options.OfWindows)
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.AnomalousWindows)} and {nameof(DetectionOptions.OfWindows)} must satisfy 1 ≤ k ≤ n ≤ 64 (were {options.AnomalousWindows} of {options.OfWindows}).");
        }

        if (options.ImmediateMultiple is not 0 and (< 1 or > 1_000_000) || !double.IsFinite(options.ImmediateMultiple))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.ImmediateMultiple)} must be 0 (off) or between 1 and 1000000 (was {options.ImmediateMultiple}).");
        }

        if (options.LearningHours is < 0 or > 8760 || !double.IsFinite(options.LearningHours))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.LearningHours)} must be between 0 (off) and 8760 hours (was {options.LearningHours}).");
        }

        if (options.LearningTargetFpr is < 0 or >= 0.5 || !double.IsFinite(options.LearningTargetFpr))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.LearningTargetFpr)} must be 0 (fit for LearningAlertsPerHostDay) or below 0.5 (was {options.LearningTargetFpr}).");
        }

        if (options.LearningAlertsPerHostDay <= 0 || !double.IsFinite(options.LearningAlertsPerHostDay))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.LearningAlertsPerHostDay)} must be positive (was {options.LearningAlertsPerHostDay}).");
        }

        if (options.LearningHours > 0 && string.IsNullOrWhiteSpace(options.LearningDirectory))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.LearningDirectory)} must name a directory when {Section}:{nameof(DetectionOptions.LearningHours)} is set.");
        }

        if (options.CooldownSeconds < 0 || !double.IsFinite(options.CooldownSeconds))
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.CooldownSeconds)} must not be negative (was {options.CooldownSeconds}).");
        }

        if (options.QueueCapacity is < 16 or > 1_000_000)
        {
            failures.Add($"{Section}:{nameof(DetectionOptions.QueueCapacity)} must be between 16 and 1000000 (was {options.QueueCapacity}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
