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

    private readonly RandomSearchOptions options;
    private readonly double[][] design;
    private SearchRandom random;
    private RandomSearchState state;

    /// <summary>Creates the optimizer.</summary>
    /// <exception cref="ArgumentException">The options do not fit the box.</exception>
    public RandomSearch(SearchBox box, RandomSearchOptions? options = null)
    {
        this.options = OptionChecks.ForBox(options, box);
        Box = box;
        design = this.options.InitialDesign.Select(box.Repair).ToArray();
        random = new SearchRandom(this.options.Seed);
        state = new RandomSearchState { Dimension = box.Dimension };
    }

    /// <inheritdoc />
    public string Name => "random";

    /// <summary>The box searched.</summary>
    public SearchBox Box { get; }

    /// <inheritdoc />
    public long Evaluations => state.Evaluations;

    /// <inheritdoc />
    public Observation? Best => state.Best?.ToObservation();

    /// <inheritdoc />
    public string? StopReason => state.StopReason;

    /// <inheritdoc />
    public IReadOnlyList<SearchPoint> Ask()
    {
        if (state.StopReason is not null)
        {
            return [];
        }

        if (state.Pending.Count == 0)
        {
            long count = options.BatchSize;
            if (options.MaxEvaluations > 0)
            {
                count = Math.Min(count, options.MaxEvaluations - state.Evaluations);
            }

            for (var i = 0; i < count; i++)
            {
                var point = state.NextDesignIndex < design.Length ? design[state.NextDesignIndex++].ToArray() : BoxSampling.Uniform(Box, random);
                state.Pending.Add(new ObservationState { Id = state.NextId++, Point = point });
            }
        }

        return state.Pending.Select(p => new SearchPoint(p.Id, p.Point.ToArray())).ToArray();
    }

    /// <inheritdoc />
    public void Tell(IReadOnlyList<Observation> observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var ids = state.Pending.Select(p => p.Id).ToHashSet();
        var seen = new HashSet<long>();
        foreach (var observation in observations)
        {
            ArgumentNullException.ThrowIfNull(observation);
            if (!ids.Contains(observation.Point.Id) || !seen.Add(observation.Point.Id))
            {
                throw new ArgumentException($"Point {observation.Point.Id} is not an outstanding point of this optimizer.", nameof(observations));
            }
        }

        foreach (var observation in observations)
        {
            var pending = state.Pending.First(p => p.Id == observation.Point.Id);
            state.Pending.Remove(pending);
            state.Evaluations++;
            state.Best = ObjectiveOrder.UpdateBest(state.Best, new Observation(pending.ToPoint(), observation.Value));
        }

        if (options.MaxEvaluations > 0 && state.Evaluations >= options.MaxEvaluations)
        {
            state.StopReason = MaxEvaluationsReason;
        }
    }

    /// <inheritdoc />
    public JsonNode SaveState() => state.Save(random);

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var loaded = StateJson.Deserialize<RandomSearchState>(state, RandomSearchState.StateType);
        if (!loaded.Fits(Box.Dimension) || loaded.Pending.Any(p => p is null || p.Point is null || p.Point.Length != Box.Dimension)
            || loaded.NextDesignIndex < 0 || loaded.NextDesignIndex > design.Length)
        {
            throw new FormatException($"The random-search state does not fit this box (dimension {Box.Dimension}) and initial design.");
        }

        random = loaded.LoadRandom("random-search");
        this.state = loaded;
    }
}
