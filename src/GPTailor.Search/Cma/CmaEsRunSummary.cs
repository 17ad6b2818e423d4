
namespace GPTailor.Search;

/// <summary>One finished run of a (restarted) <see cref="CmaEs"/>.</summary>
/// <param name="PopulationSize">λ of the run.</param>
/// <param name="InitialSigma">σ0 of the run.</param>
/// <param name="Evaluations">Evaluations the run used.</param>
/// <param name="BestValue">The best value told during the run.</param>
/// <param name="StopReason">The local criterion that ended the run.</param>
/// <param name="SmallRegime">True for a BIPOP small-population run.</param>
public sealed record CmaEsRunSummary(int PopulationSize, double InitialSigma, long Evaluations, double BestValue, CmaEsStopReason StopReason, bool SmallRegime);
