
namespace GPTailor.Search;

/// <summary>The local termination criteria of one CMA-ES run (Hansen 2016, appendix B.3).</summary>
internal static class CmaEsTermination
{
    /// <summary>Records the generation's values and returns the first criterion met, or <see cref="CmaEsStopReason.None"/>.</summary>
    public static CmaEsStopReason Check(CmaEsRun run, CmaEsParameters p, CmaEsOptions options, SearchBox box, IReadOnlyList<double> sortedValues)
    {
        var n = run.Mean.Length;
        run.LastValues = sortedValues.ToArray();
        run.BestHistory.Add(sortedValues[0]);
        if (run.BestHistory.Count > p.HistoryLength)
        {
            run.BestHistory.RemoveAt(0);
        }

        if (!double.IsFinite(run.Sigma) || run.C.Any(v => !double.IsFinite(v)) || run.Mean.Any(v => !double.IsFinite(v)))
        {
            return CmaEsStopReason.Divergence;
        }

        var maxD = run.D.Max();
        var minD = run.D.Min();
        if (run.Sigma / run.Sigma0 > options.TolUpSigma * maxD)
        {
            return CmaEsStopReason.Divergence;
        }

        var maxWidth = Enumerable.Range(0, n).Max(i => box.Upper[i] - box.Lower[i]);
        if (maxWidth > 0 && run.Sigma * maxD > options.TolUpStepBoxWidths * maxWidth)
        {
            return CmaEsStopReason.Divergence;
        }

        if (maxD * maxD > options.TolConditionCov * minD * minD)
        {
            return CmaEsStopReason.IllConditioned;
        }

        if (run.BestHistory.Count >= p.HistoryLength)
        {
            var histRange = run.BestHistory.Max() - run.BestHistory.Min();
            var all = run.BestHistory.Concat(sortedValues).ToArray();
            var range = all.Max() - all.Min();
            if (range < options.TolFun || histRange < options.TolFunHist)
            {
                return CmaEsStopReason.FunctionValueStagnation;
            }
        }

        var continuous = Enumerable.Range(0, n).Where(i => box.Kinds[i] == DimensionKind.Continuous).ToArray();
        if (continuous.Length == 0)
        {
            return CmaEsStopReason.None;
        }

        var tolX = options.TolXFactor * run.Sigma0;
        if (continuous.All(i => run.Sigma * Math.Max(Math.Abs(run.PathC[i]), Math.Sqrt(run.C[i * n + i])) < tolX))
        {
            return CmaEsStopReason.StepSizeTooSmall;
        }

        if (continuous.Any(i => run.Mean[i] == run.Mean[i] + 0.2 * run.Sigma * Math.Sqrt(run.C[i * n + i])))
        {
            return CmaEsStopReason.NoEffect;
        }

        if (continuous.Length == n)
        {
            var axis = (int)(run.Generation % n);
            var noEffect = true;
            for (var i = 0; i < n && noEffect; i++)
            {
                noEffect = run.Mean[i] == run.Mean[i] + 0.1 * run.Sigma * run.D[axis] * run.B[i * n + axis];
            }

            if (noEffect)
            {
                return CmaEsStopReason.NoEffect;
            }
        }

        return CmaEsStopReason.None;
    }
}
