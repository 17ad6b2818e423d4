namespace GPTailor;

/// <summary>The failure policy of a search: it stops after a number of failed trials in a row (in trial order).</summary>
internal sealed class ConsecutiveFailureLimit(int limit)
{
    private int _inARow;

    /// <summary>Counts a finished trial.</summary>
    /// <exception cref="SearchFailedException">The limit of failures in a row is reached.</exception>
    public void Observe(TrialRecord record)
    {
        _inARow = record.Error is null ? 0 : _inARow + 1;
        if (_inARow >= limit)
        {
            throw new SearchFailedException($"{_inARow} trials failed in a row; last error: {record.Error}");
        }
    }
}
