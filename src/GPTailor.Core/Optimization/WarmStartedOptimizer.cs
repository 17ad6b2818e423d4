using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// Evaluates an initial design first (in batches), then hands over to an optimizer created at the best design point —
/// the way the reference code seeds its search with heuristic configurations. It wraps any optimizer: the search
/// composition (<see cref="OptimizerFactoryExtensions.CreateWithDesign"/>) puts it around whatever an
/// <see cref="IOptimizerFactory"/> creates whenever the initial design is non-empty. Point ids of the inner optimizer
/// are offset by the design size. The state nests the inner optimizer's state as a JSON object. Trial results
/// (<see cref="ITrialResultObserver"/>) of the inner optimizer's points are passed on to it when it observes them;
/// those of design points are not (the inner optimizer never asked them).
/// </summary>
public sealed class WarmStartedOptimizer : IZeroOrderOptimizer, IOptimizerStatus, ITrialResultObserver
{
    /// <summary>
    /// Design points asked at a time by default: 17, so that one batch fills one Hyperband round of the reference budgets
    /// (η = 3, budgets 111/333/1000).
    /// </summary>
    public const int DefaultBatchSize = 17;

    private const string StateType = "warm-start";
    private const string What = "warm-start optimizer state";
    private readonly SearchBox _box;
    private readonly IReadOnlyList<IReadOnlyList<double>> _design;
    private readonly Func<IReadOnlyList<double>, IZeroOrderOptimizer> _createInner;
    private readonly int _batchSize;
    private readonly double[] _values;
    private int _next;
    private List<SearchPoint> _outstanding = [];
    private IZeroOrderOptimizer? _inner;
    private int _innerStart = -1;
    private Observation? _best;
    private long _evaluations;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="box">The box (design points are repaired into it).</param>
    /// <param name="design">Points to evaluate first.</param>
    /// <param name="createInner">Creates the inner optimizer given its starting point (the best design point, or the repaired box centre when the design is empty).</param>
    /// <param name="batchSize">Design points asked at a time.</param>
    public WarmStartedOptimizer(SearchBox box, IReadOnlyList<IReadOnlyList<double>> design, Func<IReadOnlyList<double>, IZeroOrderOptimizer> createInner, int batchSize = DefaultBatchSize)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(createInner);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _box = box;
        _design = design.Select(p => (IReadOnlyList<double>)box.Repair(p)).ToArray();
        _createInner = createInner;
        _batchSize = batchSize;
        _values = Enumerable.Repeat(double.NaN, _design.Count).ToArray();
        if (_design.Count == 0)
        {
            _inner = createInner(Centre());
        }
    }

    /// <summary>The inner optimizer's name once it exists, else <c>warm-start</c>.</summary>
    public string Name => (_inner as IOptimizerStatus)?.Name ?? StateType;

    /// <inheritdoc />
    public long Evaluations => _evaluations;

    /// <inheritdoc />
    public Observation? Best => _best;

    /// <summary>The inner optimizer's stop reason, or null.</summary>
    public string? StopReason => (_inner as IOptimizerStatus)?.StopReason;

    /// <summary>True while the initial design is being evaluated.</summary>
    public bool InDesignPhase => _inner is null;

    /// <summary>The inner optimizer, or null during the design phase.</summary>
    public IZeroOrderOptimizer? Inner => _inner;

    /// <inheritdoc />
    public IReadOnlyList<SearchPoint> Ask()
    {
        if (_inner is not null)
        {
            return _inner.Ask().Select(c => c with { Id = c.Id + _design.Count }).ToArray();
        }

        if (_outstanding.Count == 0)
        {
            var count = Math.Min(_batchSize, _design.Count - _next);
            _outstanding = Enumerable.Range(_next, count).Select(i => new SearchPoint(i, _design[i])).ToList();
            _next += count;
        }

        return _outstanding.ToArray();
    }

    /// <inheritdoc />
    public void Tell(IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (_inner is not null)
        {
            _inner.Tell(observations.Select(o => o with { Point = o.Point with { Id = o.Point.Id - _design.Count } }).ToArray());
            foreach (var o in observations)
            {
                Record(o);
            }

            return;
        }

        var seen = new HashSet<long>();
        foreach (var o in observations)
        {
            ArgumentNullException.ThrowIfNull(o);
            if (_outstanding.All(c => c.Id != o.Point.Id) || !seen.Add(o.Point.Id))
            {
                throw new ArgumentException($"Point {o.Point.Id} is not outstanding.", nameof(observations));
            }
        }

        foreach (var o in observations)
        {
            var index = (int)o.Point.Id;
            _values[index] = o.Value;
            _outstanding.RemoveAll(c => c.Id == index);
            Record(o);
        }

        if (_outstanding.Count == 0 && _next >= _design.Count)
        {
            _innerStart = Enumerable.Range(0, _design.Count).OrderBy(i => double.IsNaN(_values[i]) ? double.PositiveInfinity : _values[i]).First();
            _inner = _createInner(_design[_innerStart]);
        }
    }

    /// <inheritdoc />
    public void Observe(IReadOnlyList<TrialResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (_inner is ITrialResultObserver observer)
        {
            var own = results.Where(r => r.Point.Id >= _design.Count).Select(r => r with { Point = r.Point with { Id = r.Point.Id - _design.Count } }).ToArray();
            if (own.Length > 0)
            {
                observer.Observe(own);
            }
        }
    }

    /// <inheritdoc />
    public JsonNode SaveState()
    {
        var state = StateNodes.Create(StateType);
        state["designSize"] = _design.Count;
        state["next"] = _next;
        state["outstanding"] = new JsonArray(_outstanding.Select(c => (JsonNode)c.Id).ToArray());
        state["values"] = StateNodes.Numbers(_values);
        state["evaluations"] = _evaluations;
        state["best"] = _best is null ? null : new JsonObject
        {
            ["id"] = _best.Point.Id,
            ["point"] = StateNodes.Numbers(_best.Point.Coordinates),
            ["value"] = StateNodes.Number(_best.Value),
        };
        state["innerStart"] = _innerStart;
        state["inner"] = _inner?.SaveState();
        return state;
    }

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var o = StateNodes.Open(state, StateType, What);
        var size = StateNodes.Value<int>(o, "designSize", What);
        var values = StateNodes.Doubles(o, "values", What);
        if (size != _design.Count || values.Length != _design.Count)
        {
            throw new FormatException($"The {What} has {size} design points ({values.Length} values); this optimizer has {_design.Count}.");
        }

        var next = StateNodes.Value<int>(o, "next", What);
        if (next < 0 || next > _design.Count)
        {
            throw new FormatException($"The {What}'s field \"next\" ({next}) is outside [0, {_design.Count}].");
        }

        var outstanding = StateNodes.Array(o, "outstanding", What).Select((n, i) => StateNodes.ToValue<long>(n, $"outstanding[{i}]", What)).ToArray();
        if (outstanding.Any(id => id < 0 || id >= next))
        {
            throw new FormatException($"The {What} lists an outstanding point that was not asked.");
        }

        var evaluations = StateNodes.Value<long>(o, "evaluations", What);
        Observation? best = null;
        if (o["best"] is { } b)
        {
            var bo = b as JsonObject ?? throw new FormatException($"The {What}'s field \"best\" must be an object or null.");
            var point = StateNodes.Doubles(bo, "point", What);
            if (point.Length != _box.Dimension)
            {
                throw new FormatException($"The {What}'s best point has {point.Length} coordinates, not {_box.Dimension}.");
            }

            best = new Observation(new SearchPoint(StateNodes.Value<long>(bo, "id", What), point), StateNodes.ToDouble(StateNodes.Required(bo, "value", What), "value", What));
        }

        var innerStart = StateNodes.Value<int>(o, "innerStart", What);
        if (innerStart < -1 || innerStart >= _design.Count)
        {
            throw new FormatException($"The {What}'s field \"innerStart\" ({innerStart}) is not a design index.");
        }

        IZeroOrderOptimizer? inner = null;
        if (o["inner"] is { } innerState)
        {
            inner = _createInner(innerStart >= 0 ? _design[innerStart] : Centre());
            inner.LoadState(innerState);
        }
        else if (_design.Count == 0)
        {
            throw new FormatException($"The {What} lacks the inner optimizer's state.");
        }

        values.CopyTo(_values, 0);
        _next = next;
        _outstanding = outstanding.Select(id => new SearchPoint(id, _design[(int)id])).ToList();
        _evaluations = evaluations;
        _best = best;
        _innerStart = innerStart;
        _inner = inner;
    }

    private double[] Centre() => _box.Repair(Enumerable.Range(0, _box.Dimension).Select(i => (_box.Lower[i] + _box.Upper[i]) / 2).ToArray());

    private void Record(Observation o)
    {
        _evaluations++;
        var value = double.IsNaN(o.Value) ? double.PositiveInfinity : o.Value;
        if (_best is null || value < _best.Value)
        {
            _best = o with { Value = value };
        }
    }
}
