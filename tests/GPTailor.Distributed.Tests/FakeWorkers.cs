using System.Collections.Concurrent;

namespace GPTailor.Distributed.Tests;

/// <summary>Scores a plan by a closed form of its layers (no model): mc = kept layers / 10, ppl = 1 + removed layers.</summary>
internal sealed class FormulaEvaluator(TimeSpan delay = default) : IFitnessEvaluator
{
    public static readonly string[] Tasks = ["mc", "ppl"];

    public IReadOnlyList<string> TaskNames => Tasks;

    public int Calls;

    public async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Calls);
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        return Expected(plan, budget.Documents);
    }

    public static TaskScores Expected(TailoringPlan plan, int documents) => new(
    [
        new TaskScore("mc", "acc", plan.Layers.Count / 10.0, ObjectiveDirection.Maximize, documents),
        new TaskScore("ppl", "nll", 1.0 + plan.RemovedLayers.Count, ObjectiveDirection.Minimize, documents),
    ]);

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}

/// <summary>A scripted <see cref="IWorkerSource"/>: each worker answers with <see cref="FormulaEvaluator"/>, dies, hangs or shows another identity.</summary>
internal sealed class FakeSource(string secret, EvaluationIdentity identity) : IWorkerSource
{
    public ConcurrentDictionary<string, FakeWorker> Workers { get; } = new();

    public ConcurrentQueue<string> Calls { get; } = new();

    public FakeWorker Add(string name, Func<int, FakeBehaviour>? behaviour = null, EvaluationIdentity? shows = null, string? knowsSecret = null)
    {
        var worker = new FakeWorker(name, behaviour ?? (_ => FakeBehaviour.Answer), shows ?? identity, knowsSecret ?? secret);
        Workers[name] = worker;
        return worker;
    }

    public IReadOnlyList<WorkerEndpoint> ActiveWorkers() => Workers.Values.Where(w => w.Active).Select(w => new WorkerEndpoint(w.Name, w.Name)).OrderBy(w => w.Key).ToArray();

    public Task<WorkerDescription> DescribeAsync(string key, string challenge, CancellationToken cancellationToken)
    {
        var w = Workers[key];
        return Task.FromResult(new WorkerDescription(w.Shows.Lines, "cpu", w.Name, ClusterSecret.SignChallenge(w.Secret, challenge)));
    }

    public async Task<TrialReply> EvaluateAsync(string key, TrialMessage trial, CancellationToken cancellationToken)
    {
        var w = Workers[key];
        var call = Interlocked.Increment(ref w.CallCount);
        Calls.Enqueue(key);
        switch (w.Behaviour(call))
        {
            case FakeBehaviour.Die:
                w.Active = false;
                throw new InvalidOperationException("connection lost");
            case FakeBehaviour.Hang:
                await Task.Delay(Timeout.Infinite, cancellationToken);
                throw new InvalidOperationException("unreachable");
            default:
                await Task.Delay(20, cancellationToken);
                var plan = PlanJson.Parse(trial.PlanJson);
                return trial.IdentityHash != w.Shows.Hash
                    ? new TrialReply(TrialOutcome.Refused, null, "another identity")
                    : new TrialReply(TrialOutcome.Scored, FormulaEvaluator.Expected(plan, trial.Documents).Scores.Select(WireScore.From).ToArray(), null);
        }
    }

    public Task RefuseAsync(string key, string reason, CancellationToken cancellationToken)
    {
        Workers[key].RefusedWith = reason;
        return Task.CompletedTask;
    }
}

internal enum FakeBehaviour
{
    Answer,
    Die,
    Hang,
}

internal sealed class FakeWorker(string name, Func<int, FakeBehaviour> behaviour, EvaluationIdentity shows, string secret)
{
    public string Name { get; } = name;

    public Func<int, FakeBehaviour> Behaviour { get; } = behaviour;

    public EvaluationIdentity Shows { get; } = shows;

    public string Secret { get; } = secret;

    public volatile bool Active = true;

    public int CallCount;

    public string? RefusedWith;
}
