namespace GPTailor.Search;

/// <summary>
/// Settings of <see cref="Spsa"/>. SPSA works in unit-cube coordinates u ∈ [0,1]^d (x = lower + u·(upper − lower)),
/// so <see cref="StepSize"/> and <see cref="Perturbation"/> are fractions of each coordinate's range.
/// </summary>
public sealed class SpsaOptions : IBoxOptions
{
    /// <summary>Seed of the random generator (perturbation signs).</summary>
    public ulong Seed { get; set; }

    /// <summary>Start point in box units; null (default) means the box centre.</summary>
    public IReadOnlyList<double>? InitialPoint { get; set; }

    /// <summary>Gain a of a_k = a / (A + k + 1)^α; default 0.1.</summary>
    public double StepSize { get; set; } = 0.1;

    /// <summary>Gain c of c_k = c / (k + 1)^γ; default 0.05.</summary>
    public double Perturbation { get; set; } = 0.05;

    /// <summary>
    /// Perturbation of integer and binary coordinates (unit-cube units, constant over the steps); NaN (default) means the
    /// continuous c_k. Above ½ a perturbed coordinate at a whole value rounds to another value on one side of the pair,
    /// so the two points decode differently even where a small c_k could never change a flag.
    /// </summary>
    public double DiscretePerturbation { get; set; } = double.NaN;

    /// <summary>
    /// Probability that an integer or binary coordinate is perturbed in a pair (Δ_i = ±1, else 0 and no gradient for
    /// it); default 1 (all). A small share changes a few flags per point instead of half of them.
    /// </summary>
    public double DiscreteShare { get; set; } = 1;

    /// <summary>Stability constant A; NaN (default) means 10 % of <see cref="MaxIterations"/>.</summary>
    public double StabilityConstant { get; set; } = double.NaN;

    /// <summary>Exponent α of the step gain; default 0.602 (Spall).</summary>
    public double Alpha { get; set; } = 0.602;

    /// <summary>Exponent γ of the perturbation gain; default 0.101 (Spall).</summary>
    public double Gamma { get; set; } = 0.101;

    /// <summary>Perturbation pairs averaged per step m (each step asks 2m points); default 1.</summary>
    public int PairsPerStep { get; set; } = 1;

    /// <summary>Iterations (gradient steps) before the optimizer stops; default 1000.</summary>
    public int MaxIterations { get; set; } = 1000;

    /// <summary>Checks the settings against a box dimension (<see cref="Validate()"/> plus the length of <see cref="InitialPoint"/>).</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate(int dimension)
    {
        Validate();
        OptionChecks.RequireLength(InitialPoint, dimension, "SpsaOptions.InitialPoint");
    }

    /// <summary>Checks the settings that do not depend on the box.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        OptionChecks.RequireFinite(InitialPoint, "SpsaOptions.InitialPoint");

        if (!(StepSize > 0) || !(Perturbation > 0) || !double.IsFinite(StepSize) || !double.IsFinite(Perturbation))
        {
            throw new ArgumentException("SpsaOptions.StepSize and Perturbation must be positive and finite.");
        }

        if (!double.IsNaN(DiscretePerturbation) && !(DiscretePerturbation > 0 && DiscretePerturbation <= 1))
        {
            throw new ArgumentException("SpsaOptions.DiscretePerturbation must lie in (0, 1] (or NaN for the continuous perturbation).");
        }

        if (!(DiscreteShare > 0 && DiscreteShare <= 1))
        {
            throw new ArgumentException("SpsaOptions.DiscreteShare must lie in (0, 1].");
        }

        if (!double.IsNaN(StabilityConstant) && !(StabilityConstant >= 0))
        {
            throw new ArgumentException("SpsaOptions.StabilityConstant must be non-negative (or NaN for the default).");
        }

        if (!(Alpha > 0) || !(Gamma > 0) || PairsPerStep < 1 || MaxIterations < 1)
        {
            throw new ArgumentException("SpsaOptions.Alpha and Gamma must be positive, PairsPerStep and MaxIterations at least 1.");
        }
    }
}
