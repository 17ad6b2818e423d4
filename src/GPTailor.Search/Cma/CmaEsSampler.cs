
namespace GPTailor.Search;

/// <summary>Draws one CMA-ES point and maps it into the box (redraw, then clip; margin-scaled rounding on discrete coordinates).</summary>
internal static class CmaEsSampler
{
    public static CmaPendingPoint Sample(CmaEsRun run, SearchBox box, bool useMargin, int maxResamples, SearchRandom random, long id)
    {
        var n = box.Dimension;
        var z = new double[n];
        var y = new double[n];
        for (var attempt = 0; ; attempt++)
        {
            for (var k = 0; k < n; k++)
            {
                z[k] = random.NextGaussian();
            }

            run.Transform(z, y);
            if (attempt >= maxResamples || InsideContinuousBounds(run, box, y))
            {
                break;
            }
        }

        var point = new double[n];
        for (var k = 0; k < n; k++)
        {
            var m = run.Mean[k];
            if (box.Kinds[k] == DimensionKind.Continuous)
            {
                var x = Math.Clamp(m + run.Sigma * y[k], box.Lower[k], box.Upper[k]);
                if (x != m + run.Sigma * y[k])
                {
                    y[k] = (x - m) / run.Sigma;
                }

                point[k] = x;
            }
            else
            {
                var scale = useMargin ? run.MarginScale[k] : 1.0;
                var raw = m + scale * run.Sigma * y[k];
                var whole = Math.Round(double.IsFinite(raw) ? raw : m, MidpointRounding.AwayFromZero);
                point[k] = Math.Clamp(whole, Math.Ceiling(box.Lower[k]), Math.Floor(box.Upper[k]));
            }
        }

        return new CmaPendingPoint { Id = id, Point = point, Step = y };
    }

    private static bool InsideContinuousBounds(CmaEsRun run, SearchBox box, double[] y)
    {
        for (var k = 0; k < y.Length; k++)
        {
            if (box.Kinds[k] != DimensionKind.Continuous)
            {
                continue;
            }

            var x = run.Mean[k] + run.Sigma * y[k];
            if (!(x >= box.Lower[k] && x <= box.Upper[k]))
            {
                return false;
            }
        }

        return true;
    }
}
