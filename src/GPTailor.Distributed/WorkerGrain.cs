using Orleans;

namespace GPTailor.Distributed;

/// <summary>The <see cref="IWorkerGrain"/> of a worker silo: hands each call to the silo's <see cref="WorkerEvaluation"/>, one at a time.</summary>
[WorkerPlacement]
internal sealed class WorkerGrain(WorkerEvaluation evaluation) : Grain, IWorkerGrain
{
    public Task<WorkerDescription> DescribeAsync(string challenge) => Task.FromResult(evaluation.Describe(challenge));

    public Task RefuseAsync(string reason)
    {
        evaluation.Refuse(reason);
        return Task.CompletedTask;
    }

    public Task<TrialReply> EvaluateAsync(TrialMessage trial, CancellationToken cancellationToken = default) => evaluation.EvaluateAsync(trial, cancellationToken);
}
