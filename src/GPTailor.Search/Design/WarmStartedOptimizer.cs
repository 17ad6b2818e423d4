using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>
/// Evaluates an initial design first (in batches), then hands over to an optimizer created at the best design point —
/// the way the reference code seeds its search with heuristic configurations. Candidate ids of the inner optimizer are
/// offset by the design size. The whole state (design progress and inner state) saves to JSON.
/// </summary>
public sealed class WarmStartedOptimizer : IZeroOrderOptimizer
{
    private readonly IReadOnlyList<IReadOnlyList<double>> _design;
    private readonly Func<IReadOnlyList<double>, IZeroOrderOptimizer> _createInner;
    private readonly int _batchSize;
    private readonly double[] _values;
    private int _next;
    private List<Candidate> _outstanding = [];
    private IZeroOrderOptimizer? _inner;
    private Observation? _best;
    private long _evaluations;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="box">The box (design points are repaired into it).</param>
    /// <param name="design">Points to evaluate first.</param>
    /// <param name="createInner">Creates the inner optimizer given its starting point (the best design point).</param>
    /// <param name="batchSize">Design points asked at a time.</param>
    public WarmStartedOptimizer(SearchBox box, IReadOnlyList<IReadOnlyList<double>> design, Func<IReadOnlyList<double>, IZeroOrderOptimizer> createInner, int batchSize = 8)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(design);
        ArgumentNullException.ThrowIfNull(createInner);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Box = box;
        _design = design.Select(p => (IReadOnlyList<double>)box.Repair(p)).ToArray();
        _createInner = createInner;
        _batchSize = batchSize;
        _values = Enumerable.Repeat(double.NaN, _design.Count).ToArray();
        if (_design.Count == 0)
        {
            _inner = createInner(box.Repair(Enumerable.Range(0, box.Dimension).Select(i => (box.Lower[i] + box.Upper[i]) / 2).ToArray()));
        }
    }

    /// <inheritdoc />
    public string Name => _inner?.Name ?? "warm-start";

    /// <inheritdoc />
    public SearchBox Box { get; }

    /// <inheritdoc />
    public long Evaluations => _evaluations;

    /// <inheritdoc />
    public Observation? Best => _best;

    /// <inheritdoc />
    public OptimizerStopReason StopReason => _inner?.StopReason ?? OptimizerStopReason.None;

    /// <summary>True while the initial design is being evaluated.</summary>
    public bool InDesignPhase => _inner is null;

    /// <inheritdoc />
    public IReadOnlyList<Candidate> Ask()
    {
        if (_inner is not null)
        {
            return _inner.Ask().Select(c => c with { Id = c.Id + _design.Count }).ToArray();
        }

        if (_outstanding.Count == 0)
        {
            var count = Math.Min(_batchSize, _design.Count - _next);
            _outstanding = Enumerable.Range(_next, count).Select(i => new Candidate(i, _design[i])).ToList();
            _next += count;
        }

        return _outstanding;
    }

    /// <inheritdoc />
    public void Tell(IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (_inner is not null)
        {
            _inner.Tell(observations.Select(o => o with { Candidate = o.Candidate with { Id = o.Candidate.Id - _design.Count } }).ToArray());
            foreach (var o in observations)
            {
                Record(o);
            }

            return;
        }

        foreach (var o in observations)
        {
            var index = (int)o.Candidate.Id;
            if (_outstanding.All(c => c.Id != index))
            {
                throw new ArgumentException($"Candidate {o.Candidate.Id} is not outstanding.", nameof(observations));
            }

            _values[index] = o.Value;
            _outstanding.RemoveAll(c => c.Id == index);
            Record(o);
        }

        if (_outstanding.Count == 0 && _next >= _design.Count)
        {
            var bestIndex = Enumerable.Range(0, _design.Count).OrderBy(i => double.IsNaN(_values[i]) ? double.PositiveInfinity : _values[i]).First();
            _inner = _createInner(_design[bestIndex]);
        }
    }

    /// <inheritdoc />
    public string SaveState() => new JsonObject
    {
        ["next"] = _next,
        ["outstanding"] = new JsonArray(_outstanding.Select(c => (JsonNode)c.Id).ToArray()),
        ["values"] = new JsonArray(_values.Select(v => (JsonNode)(double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture))).ToArray()),
        ["evaluations"] = _evaluations,
        ["best"] = _best is null ? null : new JsonObject
        {
            ["id"] = _best.Candidate.Id,
            ["point"] = new JsonArray(_best.Candidate.Point.Select(p => (JsonNode)p.ToString("R", CultureInfo.InvariantCulture)).ToArray()),
            ["value"] = _best.Value.ToString("R", CultureInfo.InvariantCulture),
        },
        ["inner"] = _inner?.SaveState(),
        ["inner_start"] = _inner is null ? null : (JsonNode)Enumerable.Range(0, _design.Count).OrderBy(i => double.IsNaN(_values[i]) ? double.PositiveInfinity : _values[i]).FirstOrDefault(-1),
    }.ToJsonString();

    /// <inheritdoc />
    public void LoadState(string json)
    {
        try
        {
            var node = JsonNode.Parse(json)!.AsObject();
            var values = node["values"]!.AsArray().Select(v => double.Parse(v!.GetValue<string>(), CultureInfo.InvariantCulture)).ToArray();
            if (values.Length != _design.Count)
            {
                throw new FormatException($"The state has {values.Length} design points; this optimizer has {_design.Count}.");
            }

            values.CopyTo(_values, 0);
            _next = node["next"]!.GetValue<int>();
            _outstanding = node["outstanding"]!.AsArray().Select(i => new Candidate(i!.GetValue<long>(), _design[(int)i.GetValue<long>()])).ToList();
            _evaluations = node["evaluations"]!.GetValue<long>();
            _best = node["best"] is JsonObject b
                ? new Observation(new Candidate(b["id"]!.GetValue<long>(), b["point"]!.AsArray().Select(p => double.Parse(p!.GetValue<string>(), CultureInfo.InvariantCulture)).ToArray()), double.Parse(b["value"]!.GetValue<string>(), CultureInfo.InvariantCulture))
                : null;
            _inner = null;
            if (node["inner"]?.GetValue<string>() is { } innerState)
            {
                var start = node["inner_start"]!.GetValue<int>();
                _inner = _createInner(start >= 0 ? _design[start] : Box.Repair(Box.Lower.ToArray()));
                _inner.LoadState(innerState);
            }
            else if (_design.Count == 0)
            {
                throw new FormatException("The state lacks the inner optimizer.");
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or ArgumentException or IndexOutOfRangeException)
        {
            throw new FormatException("Not a warm-started optimizer state: " + ex.Message, ex);
        }
    }

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
