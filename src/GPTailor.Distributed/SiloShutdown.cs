using Microsoft.Extensions.Hosting;

namespace GPTailor.Distributed;

/// <summary>Stops and disposes a silo's host within a bounded time, for the driver's and the workers' silos alike.</summary>
internal static class SiloShutdown
{
    /// <summary>Longest wait for a silo to leave the cluster gracefully.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Asks <paramref name="host"/> to stop (at most <see cref="StopTimeout"/>), then disposes it.</summary>
    public static async ValueTask StopAsync(IHost host)
    {
        using var stop = new CancellationTokenSource(StopTimeout);
        try
        {
            await host.StopAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is bounded: the process ends anyway.
        }

        host.Dispose();
    }
}
