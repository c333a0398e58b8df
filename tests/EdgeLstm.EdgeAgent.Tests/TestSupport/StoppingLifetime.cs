using Microsoft.Extensions.Hosting;

namespace EdgeLstm.EdgeAgent.Tests.TestSupport;

/// <summary>A host lifetime that records whether a service asked the application to stop.</summary>
internal sealed class StoppingLifetime : IHostApplicationLifetime
{
    public bool StopRequested { get; private set; }

    public CancellationToken ApplicationStarted => CancellationToken.None;

    public CancellationToken ApplicationStopping => CancellationToken.None;

    public CancellationToken ApplicationStopped => CancellationToken.None;

    public void StopApplication() => StopRequested = true;
}
