namespace GPTailor;

/// <summary>
/// Numbers the trials of a batch and, on resume, reuses the trials the journal already holds.
/// </summary>
/// <remarks>
/// A trial's number is its position in the whole search: the trials of earlier batches, then its place in this batch.
/// So a resumed run numbers every trial as the uninterrupted run did, whichever trials of the batch had finished (and in
/// whatever order) before the interruption, and the numbering does not depend on the concurrency.
/// </remarks>
internal sealed class TrialNumbering
{
    private readonly Dictionary<long, TrialRecord> _journaled;

    /// <summary>Creates the numbering for a run whose journal holds <paramref name="journaled"/> (empty for a new run).</summary>
    public TrialNumbering(IEnumerable<TrialRecord> journaled) =>
        _journaled = journaled.Where(t => t.IsFinished).GroupBy(t => t.RequestId).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>Whether the journal already held a finished trial for this request when the run (re)started.</summary>
    public bool WasJournaled(long requestId) => _journaled.ContainsKey(requestId);

    /// <summary>
    /// Numbers <paramref name="batch"/> given the trials <paramref name="done"/> so far (including journaled trials of
    /// this batch): a request the journal answered for the same point is reused; the others are to be evaluated, in
    /// batch order, as long as <paramref name="maxTrials"/> leaves room.
    /// </summary>
    public NumberedBatch Number(IReadOnlyList<TrialRequest> batch, IReadOnlyCollection<TrialRecord> done, int maxTrials)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(done);
        var room = maxTrials - done.Count;
        var reused = new TrialRecord?[batch.Count];
        var toEvaluate = new List<NumberedRequest>();
        var inBatch = batch.Select(r => r.Id).ToHashSet();
        var number = done.Count(t => !inBatch.Contains(t.RequestId));
        for (var i = 0; i < batch.Count; i++)
        {
            var request = batch[i];
            if (_journaled.TryGetValue(request.Id, out var known) && known.Point.SequenceEqual(request.Point.Coordinates))
            {
                reused[i] = known;
                number++;
                continue;
            }

            if (room-- <= 0)
            {
                continue;
            }

            toEvaluate.Add(new NumberedRequest(i, request, number++));
        }

        return new NumberedBatch(reused, toEvaluate);
    }
}

/// <summary>A batch after <see cref="TrialNumbering.Number"/>.</summary>
/// <param name="Reused">Per batch position, the journaled trial that answers it, or null.</param>
/// <param name="ToEvaluate">The requests to evaluate, in batch order, with their trial numbers.</param>
internal sealed record NumberedBatch(IReadOnlyList<TrialRecord?> Reused, IReadOnlyList<NumberedRequest> ToEvaluate);

/// <summary>A request to evaluate: its position in the batch and its trial number.</summary>
internal readonly record struct NumberedRequest(int Index, TrialRequest Request, long Trial);
