namespace GPTailor.Benchmarks;

/// <summary>
/// A cheap objective over the GPTailor space with interacting layers and a known optimum, to iterate on optimizers
/// quickly. Per task t the score of a plan is <c>0.6 + Σ_l unary_t(l, o_l) + Σ_l pair_t(l, o_l, o_l+1)</c>, where o_l is
/// layer l's option (removed, base, or the set S of candidates it takes, with λ when |S| ≥ 2):
/// <list type="bullet">
/// <item>removing layer l costs r_t(l) (the first and last layers are expensive), and removing two adjacent layers costs
/// an extra penalty (interaction);</item>
/// <item>a kept layer taken from candidate j gains g_t(l, j) (candidate j specialises in task j mod T);</item>
/// <item>a merge of S gains the mean of g_t(l, j) over S plus a synergy s(l, S), minus c·(λ − λ*(l, S))²;</item>
/// <item>adjacent kept layers taking different sources cost a small mismatch penalty (interaction).</item>
/// </list>
/// The objective is the mean over tasks. Unary terms plus chain interactions under "exactly k removed" make the optimum
/// computable exactly by dynamic programming over layers (<see cref="Optimum"/>). A calibration score at a budget of b
/// documents adds deterministic noise (per plan and budget) of standard deviation √(p(1−p)/(10·min(b, D))) (p = 0.6,
/// D documents): a tenth of the variance of an accuracy on that many questions, so that the benchmark separates
/// optimizers more than noise; the test score is the noise-free value.
/// </summary>
internal sealed class SyntheticObjective
{
    private readonly double[,] _removal; // [t, l]
    private readonly double[] _adjacentRemoval; // [l]: both l and l+1 removed
    private readonly double[,,] _gain; // [t, l, j]
    private readonly double[,] _synergy; // [l, mask]
    private readonly double[,] _lambdaStar; // [l, mask]
    private const double Curvature = 0.06;
    private const double Mismatch = 0.003;
    private const double Baseline = 0.6;
    private const int NoiseDocumentsFactor = 10;

    public SyntheticObjective(int layers, int candidates, int removals, int tasks, int documents, ulong seed)
    {
        (Layers, Candidates, Removals, Tasks, Documents) = (layers, candidates, removals, tasks, documents);
        var random = new SearchRandom(seed);
        double U(double a, double b) => a + (random.NextDouble() * (b - a));
        _removal = new double[tasks, layers];
        _adjacentRemoval = new double[layers];
        _gain = new double[tasks, layers, candidates];
        _synergy = new double[layers, 1 << candidates];
        _lambdaStar = new double[layers, 1 << candidates];
        var profile = Enumerable.Range(0, layers).Select(l => l == 0 || l == layers - 1 ? U(0.15, 0.25) : U(0.004, 0.05)).ToArray();
        for (var l = 0; l < layers; l++)
        {
            _adjacentRemoval[l] = U(0.0, 0.04);
            for (var t = 0; t < tasks; t++)
            {
                _removal[t, l] = profile[l] * U(0.5, 1.5);
                for (var j = 0; j < candidates; j++)
                {
                    _gain[t, l, j] = j % tasks == t ? U(-0.004, 0.02) : U(-0.012, 0.004);
                }
            }

            for (var mask = 3; mask < 1 << candidates; mask++)
            {
                if (Bits(mask) >= 2)
                {
                    _synergy[l, mask] = U(-0.004, 0.012);
                    _lambdaStar[l, mask] = U(0.25, 0.85);
                }
            }
        }
    }

    public int Layers { get; }

    public int Candidates { get; }

    public int Removals { get; }

    public int Tasks { get; }

    public int Documents { get; }

    /// <summary>The noise-free score of each task.</summary>
    public double[] TrueScores(TailoringPlan plan)
    {
        var options = OptionsOf(plan);
        return Enumerable.Range(0, Tasks).Select(t => Baseline + Enumerable.Range(0, Layers).Sum(l => Unary(t, l, options[l]) + (l + 1 < Layers ? Pair(t, l, options[l].Mask, options[l + 1].Mask) : 0))).ToArray();
    }

    /// <summary>The calibration scores at a budget: the true scores plus deterministic noise for the plan and budget.</summary>
    public double[] NoisyScores(TailoringPlan plan, int budget)
    {
        var docs = Math.Min(budget, Documents);
        var hash = plan.ComputeHash();
        var seed = Convert.ToUInt64(hash[..16], 16) ^ ((ulong)docs * 0x9E3779B97F4A7C15UL);
        var random = new SearchRandom(seed);
        var sd = Math.Sqrt(Baseline * (1 - Baseline) / (NoiseDocumentsFactor * docs));
        return TrueScores(plan).Select(s => s + (sd * random.NextGaussian())).ToArray();
    }

    /// <summary>The exact maximum of the mean true score over plans with exactly <see cref="Removals"/> layers removed.</summary>
    public double Optimum()
    {
        // Options: -1 = removed, else the candidate mask (0 = base). DP over layers with (removed so far, last option).
        var masks = Enumerable.Range(-1, (1 << Candidates) + 1).ToArray();
        var best = new Dictionary<(int Removed, int Option), double>();
        foreach (var o in masks)
        {
            best[(o < 0 ? 1 : 0, o)] = MeanUnary(0, o);
        }

        for (var l = 1; l < Layers; l++)
        {
            var next = new Dictionary<(int, int), double>();
            foreach (var ((removed, previous), value) in best)
            {
                foreach (var o in masks)
                {
                    var count = removed + (o < 0 ? 1 : 0);
                    if (count > Removals)
                    {
                        continue;
                    }

                    var v = value + MeanUnary(l, o) + Enumerable.Range(0, Tasks).Average(t => Pair(t, l - 1, previous, o));
                    if (!next.TryGetValue((count, o), out var old) || v > old)
                    {
                        next[(count, o)] = v;
                    }
                }
            }

            best = next;
        }

        return Baseline + best.Where(kv => kv.Key.Item1 == Removals).Max(kv => kv.Value);
    }

    private double MeanUnary(int l, int mask) => Enumerable.Range(0, Tasks).Average(t => Unary(t, l, new LayerOption(mask, _lambdaStar[l, Math.Max(mask, 0)])));

    private double Unary(int t, int l, LayerOption option)
    {
        if (option.Mask < 0)
        {
            return -_removal[t, l];
        }

        var members = Enumerable.Range(0, Candidates).Where(j => (option.Mask & (1 << j)) != 0).ToArray();
        return members.Length switch
        {
            0 => 0,
            1 => _gain[t, l, members[0]],
            _ => members.Average(j => _gain[t, l, j]) + _synergy[l, option.Mask] - (Curvature * Math.Pow(option.Lambda - _lambdaStar[l, option.Mask], 2)),
        };
    }

    private double Pair(int t, int l, int mask, int nextMask) =>
        mask < 0 && nextMask < 0 ? -_adjacentRemoval[l] * (1 + (0.2 * t))
        : mask >= 0 && nextMask >= 0 && mask != nextMask ? -Mismatch
        : 0;

    private LayerOption[] OptionsOf(TailoringPlan plan)
    {
        var options = Enumerable.Range(0, Layers).Select(_ => new LayerOption(-1, 0)).ToArray();
        foreach (var layer in plan.Layers)
        {
            var mask = layer.Merge.Members.Where(m => m > 0).Aggregate(0, (acc, m) => acc | (1 << (m - 1)));
            options[layer.SourceLayer] = new LayerOption(mask, layer.Merge.Lambda ?? 1.0);
        }

        return options;
    }

    private static int Bits(int mask) => System.Numerics.BitOperations.PopCount((uint)mask);

    private readonly record struct LayerOption(int Mask, double Lambda);
}
