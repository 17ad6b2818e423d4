namespace GPTailor.Search;

/// <summary>What <see cref="CmaEs"/> does when a run meets a local termination criterion.</summary>
public enum CmaRestartStrategy
{
    /// <summary>Stop; the stop reason is the criterion that was met.</summary>
    None,

    /// <summary>IPOP (Auger &amp; Hansen 2005): restart with the population size multiplied by <see cref="CmaEsOptions.IncreasePopulationFactor"/>.</summary>
    Ipop,

    /// <summary>BIPOP (Hansen 2009): interleave IPOP runs with small-population runs of random size and step size.</summary>
    Bipop,
}
