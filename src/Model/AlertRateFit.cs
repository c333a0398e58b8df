namespace EdgeLstm.Model;

/// <summary>The threshold <see cref="AlertThreshold.AtAlertRate"/> fitted, and what it rests on.</summary>
/// <param name="Threshold">The threshold.</param>
/// <param name="WindowRate">The share of the benign windows at or above it.</param>
/// <param name="BurstFactor">The decisions counted on the data ÷ those of independent windows, at least 1.</param>
/// <param name="PredictedAlertsPerHostHour">The false alerts per host-hour the fit expects at the threshold.</param>
/// <param name="Decisions">The windows of the data that are alert decisions at the threshold (before the cooldown).</param>
public sealed record AlertRateFit(double Threshold, double WindowRate, double BurstFactor, double PredictedAlertsPerHostHour, int Decisions);
