namespace GPTailor.Distributed;

/// <summary>
/// An <see cref="IFitnessEvaluator"/> whose trials run on the workers of a <see cref="WorkerPool"/>: each plan goes out
/// as plan JSON with its budget, and comes back as the worker's scores, a <see cref="NonFiniteScoreException"/> or a
/// <see cref="WorkerTrialException"/> (the plan's failures, recorded as failed trials), or a
/// <see cref="NoWorkerAvailableException"/> (the search stops, to be resumed). Scores do not depend on the worker:
/// every worker has the driver's <see cref="EvaluationIdentity"/>.
/// </summary>
public sealed class WorkerPoolEvaluator : IFitnessEvaluator
{
    private readonly string[] _taskNames;

    /// <summary>Creates the evaluator.</summary>
    /// <param name="pool">The pool.</param>
    /// <param name="taskNames">The task names, in score order (as the workers' evaluators give them).</param>
    public WorkerPoolEvaluator(WorkerPool pool, IReadOnlyList<string> taskNames)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(taskNames);
        Pool = pool;
        _taskNames = [.. taskNames];
    }

    /// <summary>The pool.</summary>
    public WorkerPool Pool { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> TaskNames => _taskNames;

    /// <inheritdoc />
    public async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var trial = new TrialMessage(PlanJson.Serialize(plan, indented: false), budget.Documents, budget.Seed, Pool.Identity.Hash);
        var reply = await Pool.RunAsync(trial, cancellationToken).ConfigureAwait(false);
        switch (reply.Outcome)
        {
            case TrialOutcome.Scored:
                var scores = reply.Scores?.Select(s => s.ToScore()).ToArray() ?? [];
                if (!scores.Select(s => s.Task).SequenceEqual(_taskNames))
                {
                    throw new InvalidDataException($"A worker returned scores for [{string.Join(", ", scores.Select(s => s.Task))}], not for the tasks [{string.Join(", ", _taskNames)}].");
                }

                return new TaskScores(scores);
            case TrialOutcome.NonFinite:
                throw new NonFiniteScoreException(reply.Error ?? "A score is not a finite number.");
            default:
                throw new WorkerTrialException(reply.Error ?? "The trial failed on a worker.");
        }
    }

    /// <summary>This evaluator or its <see cref="WorkerPool"/> when asked for (without a key); null otherwise.</summary>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType.IsInstanceOfType(this) ? this
            : serviceType.IsInstanceOfType(Pool) ? Pool
            : null;
    }

    /// <summary>Nothing to release: the pool's workers and the driver's silo belong to the caller.</summary>
    public void Dispose()
    {
    }
}
