namespace GPTailor.Search;

/// <summary>
/// Settings of <see cref="CmaEs"/>. Unset values (NaN or 0 where stated) take the defaults of Hansen's 2016 tutorial.
/// </summary>
public sealed class CmaEsOptions : IBoxOptions
{
    /// <summary>Initial step size σ0 in the box's units; NaN (default) means 0.25 × the mean box width.</summary>
    public double Sigma0 { get; set; } = double.NaN;

    /// <summary>Initial mean; null (default) means the box centre. Restarts draw a new mean uniformly in the box.</summary>
    public IReadOnlyList<double>? Mean0 { get; set; }

    /// <summary>Population size λ; 0 (default) means 4 + ⌊3 ln n⌋.</summary>
    public int PopulationSize { get; set; }

    /// <summary>Seed of the random generator.</summary>
    public ulong Seed { get; set; }

    /// <summary>Total number of evaluations over all restarts; 0 (default) means no limit. The last generation is cut short so the limit is never exceeded.</summary>
    public long MaxEvaluations { get; set; }

    /// <summary>Stop once a value ≤ this has been told (checked at the end of each generation); default −∞ (never).</summary>
    public double TargetValue { get; set; } = double.NegativeInfinity;

    /// <summary>
    /// Rank each generation on ParEGO values computed afresh with one θ, drawn per generation, over the raw costs of
    /// the generation's points (min-max normalised over the generation), when every point of it has an observed result
    /// with several objectives (<see cref="ITrialResultObserver"/>); otherwise, and by default (false), on the told
    /// values. Under Hyperband a generation is told over the stages of up to two rounds, with values scalarised under
    /// different θ; this makes one generation's ranking consistent. Termination tests keep using the told values. The
    /// <c>cmaes</c> factory sets it from <see cref="OptimizerRequest.ParEgo"/>.
    /// </summary>
    public bool ParEgo { get; set; }

    /// <summary>ParEGO's ρ for <see cref="ParEgo"/>; default 0.05.</summary>
    public double Rho { get; set; } = 0.05;

    /// <summary>Restart strategy; default <see cref="CmaRestartStrategy.None"/>.</summary>
    public CmaRestartStrategy Restarts { get; set; } = CmaRestartStrategy.None;

    /// <summary>The most restarts (runs after the first); default 9.</summary>
    public int MaxRestarts { get; set; } = 9;

    /// <summary>Factor by which IPOP (and BIPOP's large regime) multiplies λ at each restart; default 2.</summary>
    public double IncreasePopulationFactor { get; set; } = 2;

    /// <summary>
    /// Margin correction for integer and binary coordinates (Hamano et al. 2022); null (default) means on exactly when
    /// the box has integer or binary coordinates.
    /// </summary>
    public bool? UseMargin { get; set; }

    /// <summary>Margin α (least probability of leaving the current integer value); NaN (default) means 1 / (n λ).</summary>
    public double MarginAlpha { get; set; } = double.NaN;

    /// <summary>TolFun: range of recent best values and the current generation's values; default 1e-12.</summary>
    public double TolFun { get; set; } = 1e-12;

    /// <summary>TolFunHist: range of the recent best values; default 1e-12.</summary>
    public double TolFunHist { get; set; } = 1e-12;

    /// <summary>TolX relative to σ0: stop when σ·max(|p_c,i|, √C_ii) &lt; TolXFactor·σ0 on every continuous coordinate; default 1e-12.</summary>
    public double TolXFactor { get; set; } = 1e-12;

    /// <summary>TolUpSigma: stop when σ/σ0 &gt; TolUpSigma·√(largest eigenvalue of C); default 1e20.</summary>
    public double TolUpSigma { get; set; } = 1e20;

    /// <summary>Stop (divergence) when the largest standard deviation σ·√(max eig C) exceeds this many box widths; default 1e4.</summary>
    public double TolUpStepBoxWidths { get; set; } = 1e4;

    /// <summary>ConditionCov: stop when the condition number of C exceeds this; default 1e14.</summary>
    public double TolConditionCov { get; set; } = 1e14;

    /// <summary>Redraws per point before a sample outside the continuous bounds is clipped; default 3 (in high dimension almost every draw near a bound leaves the box, so more redraws mostly cost time).</summary>
    public int MaxResamples { get; set; } = 3;

    /// <summary>Checks the settings against a box of the given dimension (<see cref="Validate()"/> plus the length of <see cref="Mean0"/>).</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate(int dimension)
    {
        Validate();
        OptionChecks.RequireLength(Mean0, dimension, "CmaEsOptions.Mean0");
    }

    /// <summary>Checks the settings that do not depend on the box.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (!(Rho >= 0 && double.IsFinite(Rho)))
        {
            throw new ArgumentException($"CmaEsOptions.Rho must be a finite number ≥ 0, not {Rho}.");
        }

        if (!double.IsNaN(Sigma0) && !(Sigma0 > 0 && double.IsFinite(Sigma0)))
        {
            throw new ArgumentException($"CmaEsOptions.Sigma0 must be positive and finite (or NaN for the default), not {Sigma0}.");
        }

        OptionChecks.RequireFinite(Mean0, "CmaEsOptions.Mean0");

        if (PopulationSize != 0 && PopulationSize < 2)
        {
            throw new ArgumentException($"CmaEsOptions.PopulationSize must be at least 2 (or 0 for the default), not {PopulationSize}.");
        }

        if (MaxEvaluations < 0 || MaxRestarts < 0 || MaxResamples < 0)
        {
            throw new ArgumentException("CmaEsOptions.MaxEvaluations, MaxRestarts and MaxResamples must not be negative.");
        }

        if (!(IncreasePopulationFactor >= 1))
        {
            throw new ArgumentException($"CmaEsOptions.IncreasePopulationFactor must be at least 1, not {IncreasePopulationFactor}.");
        }

        if (!double.IsNaN(MarginAlpha) && !(MarginAlpha > 0 && MarginAlpha < 0.5))
        {
            throw new ArgumentException($"CmaEsOptions.MarginAlpha must lie in (0, 0.5) (or NaN for the default), not {MarginAlpha}.");
        }

        if (double.IsNaN(TargetValue))
        {
            throw new ArgumentException("CmaEsOptions.TargetValue must not be NaN.");
        }

        if (!(TolFun >= 0) || !(TolFunHist >= 0) || !(TolXFactor >= 0) || !(TolUpSigma > 0) || !(TolConditionCov > 1) || !(TolUpStepBoxWidths > 0))
        {
            throw new ArgumentException("CmaEsOptions tolerances must be non-negative (TolUpSigma, TolUpStepBoxWidths positive, TolConditionCov above 1).");
        }
    }
}
