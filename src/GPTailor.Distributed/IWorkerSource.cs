namespace GPTailor.Distributed;

/// <summary>A worker silo as the membership store lists it.</summary>
/// <param name="Key">Its grain key (the silo address).</param>
/// <param name="Name">Its silo name.</param>
public sealed record WorkerEndpoint(string Key, string Name);

/// <summary>Where a <see cref="WorkerPool"/> finds workers and calls them (the driver's silo, <see cref="DriverCluster"/>).</summary>
public interface IWorkerSource
{
    /// <summary>The worker silos that the membership store lists as active now.</summary>
    IReadOnlyList<WorkerEndpoint> ActiveWorkers();

    /// <summary>Asks a worker to describe itself and sign <paramref name="challenge"/>.</summary>
    Task<WorkerDescription> DescribeAsync(string key, string challenge, CancellationToken cancellationToken);

    /// <summary>Sends a trial to a worker.</summary>
    Task<TrialReply> EvaluateAsync(string key, TrialMessage trial, CancellationToken cancellationToken);

    /// <summary>Tells a worker that the driver refused it, and why (the worker reports it and stops).</summary>
    Task RefuseAsync(string key, string reason, CancellationToken cancellationToken);
}
