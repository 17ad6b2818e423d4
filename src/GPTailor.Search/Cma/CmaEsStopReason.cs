namespace GPTailor.Search;

/// <summary>Why a <see cref="CmaEs"/> run (or the whole restarted optimizer) stopped.</summary>
public enum CmaEsStopReason
{
    /// <summary>The optimizer has not stopped.</summary>
    None,

    /// <summary>The evaluation budget given in the options is spent.</summary>
    MaxEvaluations,

    /// <summary>The target value was reached.</summary>
    TargetReached,

    /// <summary>The objective values of recent generations are all within tolerance (TolFun / TolFunHist).</summary>
    FunctionValueStagnation,

    /// <summary>The step size became negligible (TolX).</summary>
    StepSizeTooSmall,

    /// <summary>The step size or distribution grew without bound (TolUpSigma / divergence).</summary>
    Divergence,

    /// <summary>The covariance matrix became ill-conditioned (ConditionCov).</summary>
    IllConditioned,

    /// <summary>Adding a step along a principal axis or coordinate no longer changes the mean (NoEffectAxis / NoEffectCoord).</summary>
    NoEffect,

    /// <summary>The configured number of restarts is used up.</summary>
    RestartsExhausted,
}
