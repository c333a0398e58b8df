using EdgeLstm.EdgeAgent.Alerts;
using EdgeLstm.EdgeAgent.Configuration;
using EdgeLstm.EdgeAgent.Delivery;
using EdgeLstm.EdgeAgent.Detection;
using EdgeLstm.EdgeAgent.Indicator;
using EdgeLstm.EdgeAgent.Mqtt;
using EdgeLstm.EdgeAgent.Outbox;
using EdgeLstm.EdgeAgent.Systemd;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Hosting;

/// <summary>Registers the agent's options and services.</summary>
internal static class AgentServiceCollectionExtensions
{
    /// <summary>Adds the options (validated at start), the outbox, the alert intake, transports and metrics, the status indicator and systemd notification.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddEdgeAgent(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        AddValidatedOptions<AgentOptions, AgentOptionsValidator>(services, AgentOptions.SectionName);
        AddValidatedOptions<OutboxOptions, OutboxOptionsValidator>(services, OutboxOptions.SectionName);
        AddValidatedOptions<MqttOptions, MqttOptionsValidator>(services, MqttOptions.SectionName);
        AddValidatedOptions<StatusIndicatorOptions, StatusIndicatorOptionsValidator>(services, StatusIndicatorOptions.SectionName);
        AddValidatedOptions<MetricsOptions, MetricsOptionsValidator>(services, MetricsOptions.SectionName);
        AddValidatedOptions<WebhookOptions, WebhookOptionsValidator>(services, WebhookOptions.SectionName);
        AddValidatedOptions<HomeAssistantOptions, HomeAssistantOptionsValidator>(services, HomeAssistantOptions.SectionName);

        services.AddSingleton<AgentStatus>();
        services.AddSingleton<JournalOutbox>();
        services.AddSingleton<IAlertOutbox>(provider => provider.GetRequiredService<JournalOutbox>());
        AddDelivery(services);
        services.AddSingleton<IOutboxHealth>(provider => provider.GetRequiredService<JournalOutbox>());
        services.AddSingleton<AgentCounters>();
        services.AddHostedService<MetricsPublisher>();

        services.AddSingleton(provider => StatusIndicatorFactory.Create(
            provider.GetRequiredService<IOptions<StatusIndicatorOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(provider => StatusIndicatorFactory.CreateBuzzer(
            provider.GetRequiredService<IOptions<StatusIndicatorOptions>>().Value,
            provider.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IndicatorController>();
        services.AddHostedService(provider => provider.GetRequiredService<IndicatorController>());
        services.AddHostedService<OutboxHealthObserver>();

        AddValidatedOptions<DetectionOptions, DetectionOptionsValidator>(services, DetectionOptions.SectionName);
        services.AddHostedService<DetectionWorker>();

        AddSystemdIntegration(services);
        return services;
    }

    // Intake (serialise + durable append) is separate from delivery: transports and observers are enumerables, so a
    // transport or an observer is one more registration. Hosted services stop in reverse order: the coordinator stops
    // before the MQTT session, which then publishes "offline" and disconnects.
    private static void AddDelivery(IServiceCollection services)
    {
        services.AddSingleton<DeliveryEvents>();
        services.AddSingleton<DeliveryMetrics>();
        services.AddSingleton<IDeliveryObserver>(provider => provider.GetRequiredService<DeliveryMetrics>());
        services.AddSingleton<IDeliveryObserver, IndicatorDeliveryObserver>();

        services.AddSingleton<IMqttAnnouncements, HomeAssistantDiscovery>();
        services.AddSingleton<MqttConnection>();
        services.AddSingleton<IMqttConnection>(provider => provider.GetRequiredService<MqttConnection>());
        services.AddHostedService(provider => provider.GetRequiredService<MqttConnection>());
        services.AddHostedService<BrokerStartupMonitor>();

        services.AddSingleton<IAlertTransport, MqttAlertTransport>();
        services.AddSingleton<IAlertTransport, WebhookTransport>();
        services.AddSingleton<DeliveryCoordinator>();
        services.AddHostedService(provider => provider.GetRequiredService<DeliveryCoordinator>());
        services.AddSingleton<IAlertSink, AlertIntake>();
    }

    private static void AddSystemdIntegration(IServiceCollection services)
    {
        // Under systemd: the package's lifetime (READY=1 once started, STOPPING=1, SIGTERM) and journald's log format.
        services.AddSystemd();
        if (!SystemdHelpers.IsSystemdService() && Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is { Length: > 0 })
        {
            // A supervisor other than systemd (or a test) that hands a notify socket gets the same notifications.
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }

        services.TryAddSingleton<ISystemdNotifier, Microsoft.Extensions.Hosting.Systemd.SystemdNotifier>();
        services.AddSingleton(_ => Systemd.SystemdNotifier.FromEnvironment());
        services.AddSingleton<PipelineLiveness>();
        services.AddHostedService(provider => new WatchdogService(
            provider.GetRequiredService<ISystemdNotifier>(),
            provider.GetRequiredService<PipelineLiveness>(),
            provider.GetRequiredService<IHostApplicationLifetime>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<WatchdogService>>(),
            WatchdogTimeout.FromEnvironment()));
    }

    private static void AddValidatedOptions<TOptions, TValidator>(IServiceCollection services, string sectionName)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        // ErrorOnUnknownConfiguration: a misspelt setting stops the service instead of being ignored; the section is
        // recorded so that a misspelt section does too (AgentHost.UnknownSections).
        services.AddSingleton(new KnownConfigurationSection(sectionName));
        services.AddOptionsWithValidateOnStart<TOptions, TValidator>()
            .Configure<IConfiguration>((options, configuration) => Bind(options, configuration.GetSection(sectionName)));
    }

    // The binder reports an unconvertible value or an unknown key as a bare InvalidOperationException naming the key;
    // it is typed here, where only the binder can have thrown it, so the host need not read messages.
    private static void Bind(object options, IConfigurationSection section)
    {
        try
        {
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException exception)
        {
            // The converter's own message (an enum's allowed values) is the inner one.
            string detail = exception.InnerException is FormatException inner ? " " + inner.Message : "";
            throw new SettingRejectedException(exception.Message + detail, exception);
        }
    }
}
