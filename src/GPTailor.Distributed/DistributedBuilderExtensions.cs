using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GPTailor.Distributed;

/// <summary>Composes the worker pool into GPTailor's evaluator pipeline.</summary>
public static class DistributedBuilderExtensions
{
    /// <summary>
    /// Evaluates every search's trials on the workers of <paramref name="cluster"/> (replacing the evaluator factory):
    /// the driver opens the family and tasks only to compute its <see cref="EvaluationIdentity"/>; caching and logging
    /// still wrap the pool evaluator.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="cluster">The started driver silo.</param>
    /// <param name="settings">The evaluation settings that change scores (part of the identity), as the workers give them.</param>
    /// <param name="status">Told whenever the pool's state changes; may be null.</param>
    /// <param name="expectedWorkers">Workers to wait for (at most <see cref="WorkerClusterOptions.WorkerWaitTimeout"/>) before the first trial; 0 waits for none.</param>
    /// <param name="processes">The worker processes the driver started, when they are the only workers that can join (see <see cref="WorkerPool.WorkerProcesses"/>); null otherwise.</param>
    public static GPTailorBuilder UseWorkerPool(this GPTailorBuilder builder, DriverCluster cluster, string settings, Action<WorkerPoolStatus>? status = null, int expectedWorkers = 0, IWorkerProcesses? processes = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(settings);
        return builder.UseEvaluatorFactory(sp => new WorkerPoolEvaluatorFactory(cluster, settings, status, expectedWorkers, processes, sp.GetService<ILoggerFactory>()));
    }
}

/// <summary>Creates a <see cref="WorkerPoolEvaluator"/> per search (see <see cref="DistributedBuilderExtensions.UseWorkerPool"/>).</summary>
internal sealed class WorkerPoolEvaluatorFactory(DriverCluster cluster, string settings, Action<WorkerPoolStatus>? status, int expectedWorkers, IWorkerProcesses? processes, ILoggerFactory? loggers) : IFitnessEvaluatorFactory
{
    public IFitnessEvaluator Create(IModelFamily family, TaskSet tasks)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(tasks);
        var pool = new WorkerPool(cluster, EvaluationIdentity.Of(family, tasks, settings), cluster.Options, loggers?.CreateLogger<WorkerPool>()) { WorkerProcesses = processes };
        if (status is not null)
        {
            pool.StatusChanged += status;
        }

        if (expectedWorkers > 0)
        {
            pool.WaitForWorkersAsync(expectedWorkers, cluster.Options.WorkerWaitTimeout).GetAwaiter().GetResult();
        }

        return new WorkerPoolEvaluator(pool, tasks.Tasks.Select(t => t.Name).ToArray());
    }
}
