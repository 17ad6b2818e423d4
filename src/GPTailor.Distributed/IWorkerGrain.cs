using Orleans;
using Orleans.Concurrency;

namespace GPTailor.Distributed;

/// <summary>
/// The evaluation service of one worker silo (its key is the silo's address: <see cref="WorkerPlacementAttribute"/>
/// places it there and nowhere else). Every call must carry the cluster secret (<see cref="ClusterSecret"/>).
/// </summary>
public interface IWorkerGrain : IGrainWithStringKey
{
    /// <summary>
    /// The worker's identity (<see cref="EvaluationIdentity"/>) and device, with its proof that it knows the cluster
    /// secret: the signature of <paramref name="challenge"/>.
    /// </summary>
    /// <param name="challenge">A fresh random string chosen by the driver.</param>
    [AlwaysInterleave]
    Task<WorkerDescription> DescribeAsync(string challenge);

    /// <summary>Tells the worker that the driver refused it, and why: the worker reports it and stops.</summary>
    /// <param name="reason">The driver's reason.</param>
    [AlwaysInterleave]
    Task RefuseAsync(string reason);

    /// <summary>Evaluates one trial. The worker checks that <paramref name="trial"/> names its own identity.</summary>
    /// <param name="trial">The plan, budget and the identity the driver expects.</param>
    /// <param name="cancellationToken">Cancelled by the driver when the trial times out.</param>
    Task<TrialReply> EvaluateAsync(TrialMessage trial, CancellationToken cancellationToken = default);
}

/// <summary>What a worker evaluates with and on.</summary>
/// <param name="Identity">The lines of its <see cref="EvaluationIdentity"/>.</param>
/// <param name="Device">The device it evaluates on, e.g. <c>cpu</c> or <c>cuda:1</c>.</param>
/// <param name="Name">The worker's name (its silo name).</param>
/// <param name="Proof">The HMAC of the driver's challenge under the cluster secret.</param>
[GenerateSerializer, Immutable]
public sealed record WorkerDescription([property: Id(0)] IReadOnlyList<string> Identity, [property: Id(1)] string Device, [property: Id(2)] string Name, [property: Id(3)] string Proof);

/// <summary>One trial sent to a worker: a plan (as plan JSON) and a budget, never a file path.</summary>
/// <param name="PlanJson">The plan, as <see cref="PlanJson.Serialize"/> writes it.</param>
/// <param name="Documents">Documents per task (<see cref="EvaluationBudget.Documents"/>).</param>
/// <param name="Seed">The budget's seed (<see cref="EvaluationBudget.Seed"/>).</param>
/// <param name="IdentityHash">The SHA-256 of the driver's <see cref="EvaluationIdentity"/>: a worker of another family refuses the trial.</param>
[GenerateSerializer, Immutable]
public sealed record TrialMessage([property: Id(0)] string PlanJson, [property: Id(1)] int Documents, [property: Id(2)] int Seed, [property: Id(3)] string IdentityHash);

/// <summary>How a trial ended on a worker.</summary>
[GenerateSerializer]
public enum TrialOutcome
{
    /// <summary>Scored: <see cref="TrialReply.Scores"/> holds the scores.</summary>
    Scored = 0,

    /// <summary>The plan scores a non-finite number (a property of the plan: <see cref="NonFiniteScoreException"/>).</summary>
    NonFinite = 1,

    /// <summary>The evaluation threw: the plan's fault, recorded as a failed trial (not retried).</summary>
    Failed = 2,

    /// <summary>The worker refused the trial: its family or tasks differ from the driver's.</summary>
    Refused = 3,
}

/// <summary>The answer to a <see cref="TrialMessage"/>.</summary>
/// <param name="Outcome">How the trial ended.</param>
/// <param name="Scores">The scores, in the task order, when <see cref="TrialOutcome.Scored"/>.</param>
/// <param name="Error">The error, as <c>Type: message</c>, otherwise.</param>
[GenerateSerializer, Immutable]
public sealed record TrialReply([property: Id(0)] TrialOutcome Outcome, [property: Id(1)] IReadOnlyList<WireScore>? Scores, [property: Id(2)] string? Error);

/// <summary>A <see cref="TaskScore"/> on the wire.</summary>
/// <param name="Task">The task name.</param>
/// <param name="Metric">The metric.</param>
/// <param name="Value">The score.</param>
/// <param name="Maximize">Whether higher is better.</param>
/// <param name="Documents">How many documents were scored.</param>
[GenerateSerializer, Immutable]
public sealed record WireScore([property: Id(0)] string Task, [property: Id(1)] string Metric, [property: Id(2)] double Value, [property: Id(3)] bool Maximize, [property: Id(4)] int Documents)
{
    /// <summary>The wire form of a score.</summary>
    public static WireScore From(TaskScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new(score.Task, score.Metric, score.Value, score.Direction == ObjectiveDirection.Maximize, score.Documents);
    }

    /// <summary>The score.</summary>
    public TaskScore ToScore() => new(Task, Metric, Value, Maximize ? ObjectiveDirection.Maximize : ObjectiveDirection.Minimize, Documents);
}
