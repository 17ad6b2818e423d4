namespace GPTailor.Distributed;

/// <summary>The state of a <see cref="WorkerPool"/>, reported whenever it changes.</summary>
/// <param name="Alive">Workers admitted and alive.</param>
/// <param name="Busy">Workers evaluating a trial now.</param>
/// <param name="InFlight">Trials handed to the pool and not finished (waiting for a worker or running).</param>
/// <param name="Retries">Trials given to another worker after one died, timed out or refused, so far.</param>
/// <param name="Refused">Workers refused (another family, tasks or settings, or not knowing the cluster secret).</param>
/// <param name="Lost">Workers that died or left.</param>
public sealed record WorkerPoolStatus(int Alive, int Busy, int InFlight, int Retries, int Refused, int Lost)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"workers: {Alive} alive, {Busy} busy, {InFlight} trial{(InFlight == 1 ? string.Empty : "s")} in flight, {Retries} retr{(Retries == 1 ? "y" : "ies")}"
        + (Refused > 0 ? $", {Refused} refused" : string.Empty) + (Lost > 0 ? $", {Lost} lost" : string.Empty);
}
