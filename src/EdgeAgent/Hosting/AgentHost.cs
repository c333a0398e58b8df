using Microsoft.Extensions.Options;

namespace EdgeLstm.EdgeAgent.Hosting;

/// <summary>Builds and runs the agent host, turning configuration errors into a message and an exit code.</summary>
internal static class AgentHost
{
    /// <summary>The system-wide configuration file.</summary>
    public const string SystemConfigurationFile = "/etc/edgelstm/agent.json";

    /// <summary>The environment variable that names another configuration file instead of <see cref="SystemConfigurationFile"/>.</summary>
    public const string ConfigurationVariable = "EDGELSTM_CONFIG";

    /// <summary>The top-level configuration sections the host itself reads besides the options sections.</summary>
    private static readonly string[] s_hostSections = ["Logging", HostDefaults.ApplicationKey, HostDefaults.ContentRootKey, HostDefaults.EnvironmentKey];

    /// <summary>The prefix of the environment variables read as configuration (<c>EDGELSTM__Mqtt__Host</c>).</summary>
    public const string EnvironmentPrefix = "EDGELSTM__";

    /// <summary>The exit code for invalid configuration (EX_CONFIG of sysexits.h); the unit does not restart on it.</summary>
    public const int ConfigurationErrorExitCode = 78;

    /// <summary>The exit code when no broker connection is made in time and Mqtt:StartupFailure is Exit (EX_UNAVAILABLE of
    /// sysexits.h); the unit restarts on it.</summary>
    public const int BrokerUnavailableExitCode = 69;

    /// <summary>The exit code for any other failure to start.</summary>
    public const int StartFailureExitCode = 1;

    /// <summary>The exit code for a defect at start, an exception no input explains (EX_SOFTWARE of sysexits.h); the unit
    /// restarts on it.</summary>
    public const int InternalErrorExitCode = 70;

    /// <summary>Creates the host builder with the agent's configuration sources and services.</summary>
    /// <param name="args">The command line (<c>--Section:Key=value</c>).</param>
    /// <param name="configurationFile">The system configuration file, normally <see cref="SystemConfigurationFile"/>.</param>
    /// <returns>The builder.</returns>
    public static HostApplicationBuilder CreateBuilder(string[] args, string configurationFile)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            DisableDefaults = true,
            ApplicationName = "edgelstm-agent",
            ContentRootPath = AppContext.BaseDirectory,
        });

        // Later sources win: packaged defaults, then the operator's file, then environment, then command line.
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false)
            .AddJsonFile(configurationFile, optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix)
            .AddCommandLine(args);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));

        // journald reads the <N> priority prefix the systemd formatter writes, one line per entry.
        builder.Logging.AddSystemdConsole(options =>
        {
            options.IncludeScopes = false;
            options.UseUtcTimestamp = true;
        });
        builder.Services.AddEdgeAgent();
        return builder;
    }

    /// <summary>Runs the agent until it is stopped.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="configurationFile">The system configuration file.</param>
    /// <param name="error">Where start-up errors are written (standard error).</param>
    /// <param name="configurationFileRequired">Whether <paramref name="configurationFile"/> must exist (it was named by
    /// <see cref="ConfigurationVariable"/>); the system file may be absent.</param>
    /// <param name="cancellationToken">Stops the agent.</param>
    /// <returns>0 after a clean stop (or the code a failed service set in <see cref="Environment.ExitCode"/>), <see cref="ConfigurationErrorExitCode"/> for bad configuration, <see cref="InternalErrorExitCode"/> for a defect, <see cref="StartFailureExitCode"/> otherwise.</returns>
    public static async Task<int> RunAsync(string[] args, string configurationFile, TextWriter error, bool configurationFileRequired = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (CheckConfigurationFile(configurationFile, configurationFileRequired) is { } fileError)
        {
            await error.WriteLineAsync($"edgelstm-agent: invalid configuration: {fileError}").ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }

        IHost host;
        try
        {
            host = CreateBuilder(args, configurationFile).Build();
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException)
        {
            await error.WriteLineAsync($"edgelstm-agent: cannot read the configuration: {exception.Message}").ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }

        using (host)
        {
            if (UnknownSections(host.Services) is { Count: > 0 } unknown)
            {
                await error.WriteLineAsync("edgelstm-agent: invalid configuration:").ConfigureAwait(false);
                foreach (string failure in unknown)
                {
                    await error.WriteLineAsync("  " + failure).ConfigureAwait(false);
                }

                return ConfigurationErrorExitCode;
            }

            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OptionsValidationException exception)
            {
                await error.WriteLineAsync("edgelstm-agent: invalid configuration:").ConfigureAwait(false);
                foreach (string failure in exception.Failures)
                {
                    await error.WriteLineAsync("  " + failure).ConfigureAwait(false);
                }

                return ConfigurationErrorExitCode;
            }
            catch (Configuration.SettingRejectedException exception)
            {
                await error.WriteLineAsync($"edgelstm-agent: invalid configuration: {exception.Message}").ConfigureAwait(false);
                return ConfigurationErrorExitCode;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or DllNotFoundException)
            {
                await error.WriteLineAsync($"edgelstm-agent: cannot start: {exception.Message}").ConfigureAwait(false);
                return StartFailureExitCode;
            }
            catch (Exception exception) when (exception is not (OperationCanceledException or OutOfMemoryException))
            {
                await error.WriteLineAsync(InternalErrorMessage(exception)).ConfigureAwait(false);
                return InternalErrorExitCode;
            }

            await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);

            // A service whose loop failed stopped the host (BackgroundServiceExceptionBehavior.StopHost); systemd must
            // see that as a failure and restart the agent, not as a clean stop.
            if (Environment.ExitCode == 0 && host.Services.GetServices<IHostedService>().OfType<BackgroundService>().Any(s => s.ExecuteTask is { IsFaulted: true }))
            {
                return StartFailureExitCode;
            }

            // A service that cannot go on (a bad model at start) sets the exit code before stopping the host; Main's
            // return value would otherwise replace it with 0 and systemd would not restart the agent.
            return Environment.ExitCode;
        }
    }

    /// <summary>Checks that the configuration file is a readable file, or absent where it may be.</summary>
    /// <param name="path">The file.</param>
    /// <param name="required">Whether the file must exist.</param>
    /// <returns>What is wrong, naming the file; null when nothing is.</returns>
    internal static string? CheckConfigurationFile(string path, bool required)
    {
        string origin = required ? $"{ConfigurationVariable} names '{path}'" : $"the configuration file '{path}'";
        if (Directory.Exists(path))
        {
            return $"{origin}, which is a directory, not a file.";
        }

        if (!File.Exists(path))
        {
            return required ? $"{origin}, which does not exist." : null;
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return $"{origin}, which cannot be read: {exception.Message}";
        }
    }

    /// <summary>Lists the top-level configuration sections no options class reads (a misspelt <c>Detecton</c> would
    /// otherwise leave its settings silently unused).</summary>
    /// <param name="services">The host's services.</param>
    /// <returns>One message per unknown section.</returns>
    internal static List<string> UnknownSections(IServiceProvider services)
    {
        IConfiguration configuration = services.GetRequiredService<IConfiguration>();
        HashSet<string> known = new(StringComparer.OrdinalIgnoreCase);
        known.UnionWith(s_hostSections);
        known.UnionWith(services.GetServices<KnownConfigurationSection>().Select(section => section.Name));
        string list = string.Join(", ", known.Where(name => char.IsUpper(name[0])).Order(StringComparer.Ordinal));
        return [.. configuration.GetChildren()
            .Where(section => !known.Contains(section.Key))
            .Select(section => $"'{section.Key}' is not a configuration section; the sections are {list}.")];
    }

    /// <summary>Describes an exception no input explains (a defect) as one, with a hint to report it.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The message for standard error.</returns>
    internal static string InternalErrorMessage(Exception exception) =>
        $"edgelstm-agent: internal error (a bug, not a configuration problem): {exception.GetType().Name}: {exception.Message.ReplaceLineEndings(" ")} " +
        $"Please report it to the EdgeLstm maintainers with this message, the configuration and the version ({typeof(AgentHost).Assembly.GetName().Version}).";
}
