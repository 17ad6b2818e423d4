using System.Globalization;

namespace GPTailor;

/// <summary>
/// The GPTailor search space (paper-digest §2.2–2.3) as a box for zero-order optimizers:
/// <list type="bullet">
/// <item>N continuous keep-scores in [0,1]: the k layers with the lowest scores are removed (exactly k, always);</item>
/// <item>N·K binary flags "take layer L from candidate j" (inactive for removed layers);</item>
/// <item>N continuous λ ∈ [λmin, λmax], active only for kept layers with ≥ 2 flags set (present when K ≥ 2).</item>
/// </list>
/// Decoding follows <see cref="GPTailorGenotype"/>. For N = 40, K = 3 the box has 200 dimensions.
/// </summary>
public sealed class GPTailorSearchSpace : ISearchSpace
{
    private const double KeptScore = 0.75;
    private const double RemovedScore = 0.25;
    private readonly GPTailorSearchSpaceOptions _options;
    private readonly int _n;
    private readonly int _k;
    private readonly int _flagOffset;
    private readonly int _lambdaOffset;

    /// <summary>Creates the space.</summary>
    public GPTailorSearchSpace(GPTailorSearchSpaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _n = options.LayerCount;
        _k = options.CandidateCount;
        _flagOffset = _n;
        _lambdaOffset = _n + (_n * _k);
        var dimension = _lambdaOffset + (HasLambda ? _n : 0);
        var lower = new double[dimension];
        var upper = new double[dimension];
        var kinds = new DimensionKind[dimension];
        var names = new string[dimension];
        for (var l = 0; l < _n; l++)
        {
            upper[l] = 1;
            names[l] = $"layer_{l}_keep_score";
            for (var j = 0; j < _k; j++)
            {
                var d = FlagIndex(l, j);
                upper[d] = 1;
                kinds[d] = DimensionKind.Binary;
                names[d] = $"layer_{l}_candidate_{j}";
            }

            if (HasLambda)
            {
                lower[_lambdaOffset + l] = options.LambdaMin;
                upper[_lambdaOffset + l] = options.LambdaMax;
                names[_lambdaOffset + l] = $"layer_{l}_merge_scale_factor";
            }
        }

        Box = new SearchBox(lower, upper, kinds);
        DimensionNames = names;
        DimensionLayers = Enumerable.Range(0, dimension).Select(LayerOf).ToArray();
        DefaultPoint = BuildDefaultPoint();
    }

    /// <summary>The options this space was made with.</summary>
    public GPTailorSearchSpaceOptions Options => _options;

    /// <inheritdoc />
    public SearchBox Box { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> DimensionNames { get; }

    /// <inheritdoc />
    public IReadOnlyList<double> DefaultPoint { get; }

    /// <inheritdoc />
    /// <remarks>Keep-score, candidate flags and λ of layer L all belong to layer L.</remarks>
    public IReadOnlyList<int> DimensionLayers { get; }

    private bool HasLambda => _k >= 2;

    /// <inheritdoc />
    public TailoringPlan Decode(IReadOnlyList<double> point) => ToGenotype(point).ToPlan(_options.AnchorMode, "GPTailor search space");

    /// <summary>Decodes a point into the genotype (removed layers, flags, λ).</summary>
    public GPTailorGenotype ToGenotype(IReadOnlyList<double> point)
    {
        var x = Box.Repair(point);
        var removed = Enumerable.Range(0, _n).OrderBy(l => x[l]).ThenBy(l => l).Take(_options.RemoveCount).Order().ToArray();
        var selected = new IReadOnlyList<bool>[_n];
        var lambda = new double[_n];
        for (var l = 0; l < _n; l++)
        {
            var flags = new bool[_k];
            for (var j = 0; j < _k; j++)
            {
                flags[j] = x[FlagIndex(l, j)] >= 0.5;
            }

            selected[l] = flags;
            lambda[l] = HasLambda ? x[_lambdaOffset + l] : 1.0;
        }

        return new GPTailorGenotype { LayerCount = _n, CandidateCount = _k, Removed = removed, Selected = selected, Lambda = lambda };
    }

    /// <summary>Encodes a genotype of this space.</summary>
    public double[] Encode(GPTailorGenotype genotype)
    {
        ArgumentNullException.ThrowIfNull(genotype);
        if (genotype.LayerCount != _n || genotype.CandidateCount != _k || genotype.Removed.Count != _options.RemoveCount)
        {
            throw new PlanValidationException($"The genotype (N={genotype.LayerCount}, K={genotype.CandidateCount}, removed {genotype.Removed.Count}) does not fit this space (N={_n}, K={_k}, k={_options.RemoveCount}).");
        }

        var x = new double[Box.Dimension];
        var removed = genotype.Removed.ToHashSet();
        for (var l = 0; l < _n; l++)
        {
            x[l] = removed.Contains(l) ? RemovedScore : KeptScore;
            for (var j = 0; j < _k; j++)
            {
                x[FlagIndex(l, j)] = genotype.Selected[l][j] ? 1 : 0;
            }

            if (HasLambda)
            {
                x[_lambdaOffset + l] = Math.Clamp(genotype.Lambda[l], _options.LambdaMin, _options.LambdaMax);
            }
        }

        return x;
    }

    /// <inheritdoc />
    public double[] Encode(TailoringPlan plan)
    {
        var problems = Validate(plan);
        if (problems.Count > 0)
        {
            throw new PlanValidationException("The plan is not in this search space:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }

        return EncodeUnchecked(plan);
    }

    /// <inheritdoc />
    public IReadOnlyList<bool> ActiveDimensions(IReadOnlyList<double> point)
    {
        var x = Box.Repair(point);
        var genotype = ToGenotype(x);
        var removed = genotype.Removed.ToHashSet();
        var active = new bool[Box.Dimension];
        for (var l = 0; l < _n; l++)
        {
            active[l] = true;
            var kept = !removed.Contains(l);
            for (var j = 0; j < _k; j++)
            {
                active[FlagIndex(l, j)] = kept;
            }

            if (HasLambda)
            {
                active[_lambdaOffset + l] = kept && genotype.Selected[l].Count(f => f) >= 2;
            }
        }

        return active;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(TailoringPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var problems = new List<string>(PlanValidator.Validate(plan));
        if (problems.Count > 0)
        {
            return problems;
        }

        if (plan.SourceLayerCount != _n || plan.CandidateCount != _k)
        {
            return [$"the plan is for N={plan.SourceLayerCount}, K={plan.CandidateCount}; the space has N={_n}, K={_k}"];
        }

        if (plan.RemovedLayers.Count != _options.RemoveCount)
        {
            problems.Add($"the plan removes {plan.RemovedLayers.Count} layers; the space removes exactly {_options.RemoveCount}");
        }

        foreach (var layer in plan.Layers)
        {
            var m = layer.Merge;
            var ok = m.Method switch
            {
                MergeMethod.Passthrough => true,
                MergeMethod.TaskArithmetic => m.Members.Count >= 2 && (!HasLambda || (m.Lambda >= _options.LambdaMin && m.Lambda <= _options.LambdaMax)),
                _ => false,
            };
            if (!ok)
            {
                problems.Add($"layer {layer.SourceLayer}: {m.ToKey()} is not a passthrough or a task arithmetic of ≥ 2 candidates with λ in [{_options.LambdaMin.ToString(CultureInfo.InvariantCulture)}, {_options.LambdaMax.ToString(CultureInfo.InvariantCulture)}]");
            }
        }

        if (problems.Count == 0 && Decode(EncodeUnchecked(plan)).ComputeHash() != plan.ComputeHash())
        {
            problems.Add("the plan's embeddings, head or anchors do not follow the GPTailor decode rules (embeddings follow the first kept layer, the head the last)");
        }

        return problems;
    }

    private double[] EncodeUnchecked(TailoringPlan plan)
    {
        var selected = Enumerable.Range(0, _n).Select(_ => (IReadOnlyList<bool>)new bool[_k]).ToArray();
        var lambda = Enumerable.Repeat(HasLambda ? (_options.LambdaMin + _options.LambdaMax) / 2 : 1.0, _n).ToArray();
        foreach (var layer in plan.Layers)
        {
            var flags = (bool[])selected[layer.SourceLayer];
            foreach (var member in layer.Merge.Members.Where(m => m > 0))
            {
                flags[member - 1] = true;
            }

            if (layer.Merge.Method == MergeMethod.TaskArithmetic)
            {
                lambda[layer.SourceLayer] = layer.Merge.Lambda!.Value;
            }
        }

        return Encode(new GPTailorGenotype { LayerCount = _n, CandidateCount = _k, Removed = plan.RemovedLayers, Selected = selected, Lambda = lambda });
    }

    private int FlagIndex(int layer, int candidate) => _flagOffset + (layer * _k) + candidate;

    /// <summary>The layer of coordinate <paramref name="dimension"/>: keep-scores, then flags (K per layer), then λ.</summary>
    private int LayerOf(int dimension) =>
        dimension < _flagOffset ? dimension : dimension < _lambdaOffset ? (dimension - _flagOffset) / _k : dimension - _lambdaOffset;

    private double[] BuildDefaultPoint()
    {
        // Default: base layers everywhere, removing the k layers just before the last one (a common depth-pruning start).
        var removed = Enumerable.Range(_n - 1 - _options.RemoveCount, _options.RemoveCount).ToArray();

        return Encode(new GPTailorGenotype
        {
            LayerCount = _n,
            CandidateCount = _k,
            Removed = removed,
            Selected = Enumerable.Range(0, _n).Select(_ => (IReadOnlyList<bool>)new bool[_k]).ToArray(),
            Lambda = Enumerable.Repeat(HasLambda ? (_options.LambdaMin + _options.LambdaMax) / 2 : 1.0, _n).ToArray(),
        });
    }
}
