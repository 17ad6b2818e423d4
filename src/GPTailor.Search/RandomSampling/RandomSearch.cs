using System.Text.Json.Nodes;

namespace GPTailor.Search;

/// <summary>
/// Uniform random search over a box (whole numbers on integer and binary coordinates), preceded by an optional
/// initial design. Points may be told in any order and any subset.
/// </summary>
public sealed class RandomSearch : IZeroOrderOptimizer, IOptimizerStatus
{
    /// <summary>The <see cref="StopReason"/> once <see cref="RandomSearchOptions.MaxEvaluations"/> points have been told.</summary>
    public const string MaxEvaluationsReason = "MaxEvaluations";

    private readonly RandomSearchOptions _options;
    private readonly double[][] _design;
    private SearchRandom _random;
    private RandomSearchState _state;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentException">The options do not fit the box.</exception>
    public RandomSearch(SearchBox box, RandomSearchOptions? options = null)
    {
        _options = OptionChecks.ForBox(options, box);
        Box = box;
        _design = _options.InitialDesign.Select(box.Repair).ToArray();
        _random = new SearchRandom(_options.Seed);
        _state = new RandomSearchState { Dimension = box.Dimension };
    }

    /// <inheritdoc />
    public string Name => "random";

    /// <summary>The box searched.</summary>
    public SearchBox Box { get; }

    /// <inheritdoc />
    public long Evaluations => _state.Evaluations;

    /// <inheritdoc />
    public Observation? Best => _state.Best?.ToObservation();

    /// <inheritdoc />
    public string? StopReason => _state.StopReason;

    /// <inheritdoc />
    public IReadOnlyList<SearchPoint> Ask() =>
        OutstandingPoints.Ask(_state, _state.StopReason is not null, _options.BatchSize, _options.MaxEvaluations, count =>
            Enumerable.Range(0, count).Select(_ => _state.NextDesignIndex < _design.Length ? _design[_state.NextDesignIndex++].ToArray() : BoxSampling.Uniform(Box, _random)).ToList());

    /// <inheritdoc />
    public void Tell(IReadOnlyList<Observation> observations)
    {
        OutstandingPoints.Check(_state.Pending.Select(p => p.Id), observations);

        foreach (var observation in observations)
        {
            OutstandingPoints.Take(_state, observation);
        }

        if (_options.MaxEvaluations > 0 && _state.Evaluations >= _options.MaxEvaluations)
        {
            _state.StopReason = MaxEvaluationsReason;
        }
    }

    /// <inheritdoc />
    public JsonNode SaveState() => _state.Save(_random);

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var loaded = StateJson.Deserialize<RandomSearchState>(state, RandomSearchState.StateType);
        if (!loaded.Fits(Box.Dimension) || loaded.Pending.Any(p => p is null || p.Point is null || p.Point.Length != Box.Dimension)
            || loaded.NextDesignIndex < 0 || loaded.NextDesignIndex > _design.Length)
        {
            throw new FormatException($"The random-search state does not fit this box (dimension {Box.Dimension}) and initial design.");
        }

        _random = loaded.LoadRandom("random-search");
        _state = loaded;
    }
}
