using Orleans;
using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace GPTailor.Distributed;

/// <summary>
/// Places a <see cref="IWorkerGrain"/> on the silo named by its key (<see cref="SiloAddress.ToParsableString"/>), so
/// that the driver reaches each worker silo's own evaluator; a key whose silo is not an active member fails the call.
/// </summary>
[GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class WorkerPlacementStrategy : PlacementStrategy
{
}

/// <summary>Marks a grain class as placed by <see cref="WorkerPlacementStrategy"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class WorkerPlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the attribute.</summary>
    public WorkerPlacementAttribute() : base(new WorkerPlacementStrategy())
    {
    }
}

/// <summary>The placement director of <see cref="WorkerPlacementStrategy"/>.</summary>
internal sealed class WorkerPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        SiloAddress silo;
        try
        {
            silo = SiloAddress.FromParsableString(key);
        }
        catch (FormatException ex)
        {
            throw new OrleansException($"'{key}' is not a worker silo address.", ex);
        }

        return context.GetCompatibleSilos(target).Contains(silo)
            ? Task.FromResult(silo)
            : throw new OrleansException($"Worker silo {key} is not an active member of the cluster.");
    }
}
