using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>
/// Simultaneous-perturbation stochastic approximation (Spall 1998): each step evaluates θ ± c Δ for m Bernoulli ±1
/// perturbations Δ, estimates the gradient as the mean of (y⁺ − y⁻)/(2 c Δ), and moves θ ← Π(θ − a_k ĝ), with
/// a_k = a/(A + k + 1)^α, c = c_k = c/(k + 1)^γ on continuous coordinates and c = <see cref="SpsaOptions.DiscretePerturbation"/>
/// on integer and binary ones, each of which is perturbed with probability <see cref="SpsaOptions.DiscreteShare"/>
/// (Δ_i = 0 otherwise, and no gradient for it), and Π the projection onto the box. Works in unit-cube coordinates; asked
/// points are projected into the box and rounded on discrete coordinates. A pair with a non-finite value contributes
/// no gradient. <see cref="CurrentEstimate"/> is θ, the method's estimate of the optimum. A step's pending points come in
/// pairs: pair j has the plus point at 2j and the minus point at 2j + 1.
/// </summary>
public sealed class Spsa : IZeroOrderOptimizer, IOptimizerStatus
{
    /// <summary>The <see cref="StopReason"/> once <see cref="SpsaOptions.MaxIterations"/> steps are done.</summary>
    public const string MaxIterationsReason = "MaxIterations";

    private readonly SpsaOptions _options;
    private readonly double _stability;
    private SearchRandom _random;
    private SpsaState _state;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentException">The options do not fit the box.</exception>
    public Spsa(SearchBox box, SpsaOptions? options = null)
    {
        _options = OptionChecks.ForBox(options, box);
        Box = box;
        _stability = double.IsNaN(_options.StabilityConstant) ? 0.1 * _options.MaxIterations : _options.StabilityConstant;
        _random = new SearchRandom(_options.Seed);
        var start = _options.InitialPoint?.ToArray() ?? Enumerable.Range(0, box.Dimension).Select(i => (box.Lower[i] + box.Upper[i]) / 2).ToArray();
        _state = new SpsaState { Dimension = box.Dimension, Theta = BoxSampling.ToUnit(box, start) };
    }

    /// <inheritdoc />
    public string Name => "spsa";

    /// <summary>The box searched.</summary>
    public SearchBox Box { get; }

    /// <inheritdoc />
    public long Evaluations => _state.Evaluations;

    /// <inheritdoc />
    public Observation? Best => _state.Best?.ToObservation();

    /// <inheritdoc />
    public string? StopReason => _state.StopReason;

    /// <summary>Completed gradient steps.</summary>
    public int Iteration => _state.Iteration;

    /// <summary>The current iterate θ in box units (continuous, not rounded).</summary>
    public IReadOnlyList<double> CurrentEstimate =>
        Enumerable.Range(0, Box.Dimension).Select(i => Box.Lower[i] + _state.Theta[i] * (Box.Upper[i] - Box.Lower[i])).ToArray();

    /// <inheritdoc />
    public IReadOnlyList<SearchPoint> Ask()
    {
        if (_state.StopReason is not null)
        {
            return [];
        }

        if (_state.Pending.Count == 0)
        {
            var ck = _options.Perturbation / Math.Pow(_state.Iteration + 1, _options.Gamma);
            var n = Box.Dimension;
            for (var j = 0; j < _options.PairsPerStep; j++)
            {
                var delta = new double[n];
                for (var i = 0; i < n; i++)
                {
                    var sign = (_random.NextUInt64() >> 63) == 0 ? -1.0 : 1.0;
                    delta[i] = Box.Kinds[i] != DimensionKind.Continuous && _options.DiscreteShare < 1 && _random.NextDouble() >= _options.DiscreteShare ? 0 : sign;
                }

                _state.Deltas.Add(delta);
                foreach (var sign in new[] { 1.0, -1.0 })
                {
                    var unit = _state.Theta.Select((t, i) => t + sign * PerturbationOf(i, ck) * delta[i]).ToArray();
                    _state.Pending.Add(new ObservationState { Id = _state.NextId++, Point = BoxSampling.FromUnit(Box, unit) });
                }
            }
        }

        return _state.Pending.Where(p => p.Value is null).Select(p => new SearchPoint(p.Id, p.Point.ToArray())).ToArray();
    }

    /// <inheritdoc />
    public void Tell(IReadOnlyList<Observation> observations)
    {
        OutstandingPoints.Check(_state.Pending.Where(p => p.Value is null).Select(p => p.Id), observations);

        foreach (var observation in observations)
        {
            var pending = _state.Pending.First(p => p.Id == observation.Point.Id);
            pending.Value = observation.Value;
            _state.Evaluations++;
            _state.Best = ObjectiveOrder.UpdateBest(_state.Best, new Observation(pending.ToPoint(), observation.Value));
        }

        if (_state.Pending.All(p => p.Value is not null))
        {
            Step();
        }
    }

    /// <inheritdoc />
    public JsonNode SaveState() => _state.Save(_random);

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var loaded = StateJson.Deserialize<SpsaState>(state, SpsaState.StateType);
        var n = Box.Dimension;
        if (!loaded.Fits(n) || loaded.Theta is null || loaded.Theta.Length != n || loaded.Deltas is null
            || loaded.Deltas.Any(d => d is null || d.Length != n) || loaded.Pending.Any(p => p is null || p.Point is null || p.Point.Length != n)
            || loaded.Pending.Count != 2 * loaded.Deltas.Count)
        {
            throw new FormatException($"The SPSA state does not fit this box (dimension {n}).");
        }

        _random = loaded.LoadRandom("SPSA");
        _state = loaded;
    }

    /// <summary>The perturbation size of coordinate i at step size c_k.</summary>
    private double PerturbationOf(int i, double ck) =>
        Box.Kinds[i] != DimensionKind.Continuous && !double.IsNaN(_options.DiscretePerturbation) ? _options.DiscretePerturbation : ck;

    private void Step()
    {
        var n = Box.Dimension;
        var k = _state.Iteration;
        var ck = _options.Perturbation / Math.Pow(k + 1, _options.Gamma);
        var ak = _options.StepSize / Math.Pow(_stability + k + 1, _options.Alpha);
        var gradient = new double[n];
        var pairs = _state.Deltas.Count;
        for (var j = 0; j < pairs; j++)
        {
            var plus = _state.Pending[2 * j].Value!.Value;
            var minus = _state.Pending[2 * j + 1].Value!.Value;
            if (!double.IsFinite(plus) || !double.IsFinite(minus))
            {
                continue;
            }

            for (var i = 0; i < n; i++)
            {
                var delta = _state.Deltas[j][i];
                if (delta != 0)
                {
                    gradient[i] += (plus - minus) / (2 * PerturbationOf(i, ck) * delta) / pairs;
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            _state.Theta[i] = Math.Clamp(_state.Theta[i] - ak * gradient[i], 0, 1);
        }

        _state.Pending.Clear();
        _state.Deltas.Clear();
        _state.Iteration++;
        if (_state.Iteration >= _options.MaxIterations)
        {
            _state.StopReason = MaxIterationsReason;
        }
    }
}
