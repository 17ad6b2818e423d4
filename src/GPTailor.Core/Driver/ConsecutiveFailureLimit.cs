namespace GPTailor;

/// <summary>
/// The failure policy of a search: it stops after a number of failed trials in a row (in trial order). A trial whose plan
/// scores non-finite numbers is the plan's fault, not the evaluator's: it neither counts nor breaks a run of failures.
/// </summary>
internal sealed class ConsecutiveFailureLimit(int limit)
{
    private int _inARow;

    /// <summary>Counts a finished trial.</summary>
    /// <exception cref="SearchFailedException">The limit of failures in a row is reached.</exception>
    public void Observe(TrialRecord record)
    {
        if (record.FailedNonFinite)
        {
            return;
        }

        _inARow = record.Error is null ? 0 : _inARow + 1;
        if (_inARow >= limit)
        {
            throw new SearchFailedException($"{_inARow} trials failed in a row; last error: {record.Error}");
        }
    }
}
