namespace GPTailor.Search;

/// <summary>
/// One regression tree of the <see cref="RegressionForest"/>: axis-aligned splits <c>x[f] ≤ t</c> (t halfway between two
/// neighbouring sample values) chosen to minimise the summed squared error of the two children, among a random subset
/// of the features tried in random order (the first strictly best split wins, so ties fall to a random feature). A
/// leaf stores the mean and the population variance (divided by n) of its samples. Each feature's sample order is
/// sorted once and partitioned at every split, so growing a tree costs O(n·d·depth).
/// </summary>
internal sealed class RegressionTree
{
    private readonly int[] _feature;
    private readonly double[] _threshold;
    private readonly int[] _left;
    private readonly int[] _right;
    private readonly double[] _mean;
    private readonly double[] _variance;

    private RegressionTree(List<Node> nodes)
    {
        _feature = nodes.Select(n => n.Feature).ToArray();
        _threshold = nodes.Select(n => n.Threshold).ToArray();
        _left = nodes.Select(n => n.Left).ToArray();
        _right = nodes.Select(n => n.Right).ToArray();
        _mean = nodes.Select(n => n.Mean).ToArray();
        _variance = nodes.Select(n => n.Variance).ToArray();
    }

    /// <summary>Number of nodes (leaves included).</summary>
    public int NodeCount => _feature.Length;

    /// <summary>Number of leaves.</summary>
    public int LeafCount => _feature.Count(f => f < 0);

    /// <summary>The feature and threshold of the root split, or null when the root is a leaf.</summary>
    public (int Feature, double Threshold)? RootSplit => _feature[0] < 0 ? null : (_feature[0], _threshold[0]);

    /// <summary>Grows a tree on the samples <paramref name="rows"/> (indices into <paramref name="x"/>, repeats allowed).</summary>
    public static RegressionTree Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, int[] rows, ForestSettings settings, SearchRandom random)
    {
        var n = rows.Length;
        var d = x[rows[0]].Length;
        var ys = new double[n];
        for (var s = 0; s < n; s++)
        {
            ys[s] = y[rows[s]];
        }

        // Feature-major copies of the sample values (values[f][s] = x[rows[s]][f]) and each feature's sample order.
        var values = new double[d][];
        var order = new int[d][];
        var keys = new double[n];
        for (var f = 0; f < d; f++)
        {
            var column = new double[n];
            var o = new int[n];
            for (var s = 0; s < n; s++)
            {
                o[s] = s;
                column[s] = x[rows[s]][f];
            }

            column.CopyTo(keys, 0);
            Array.Sort(keys, o);
            values[f] = column;
            order[f] = o;
        }

        var features = Enumerable.Range(0, d).ToArray();
        var tried = Math.Clamp((int)Math.Ceiling(settings.FeatureRatio * d), 1, d);
        var goesLeft = new bool[n];
        var buffer = new int[n];
        var nodes = new List<Node>();
        var stack = new Stack<(int Node, int Lo, int Hi, int Depth)>();
        nodes.Add(new Node());
        stack.Push((0, 0, n, 0));
        while (stack.Count > 0)
        {
            var (id, lo, hi, depth) = stack.Pop();
            var count = hi - lo;
            var sum = 0.0;
            for (var i = lo; i < hi; i++)
            {
                sum += ys[order[0][i]];
            }

            var mean = sum / count;
            var sse = 0.0;
            for (var i = lo; i < hi; i++)
            {
                var r = ys[order[0][i]] - mean;
                sse += r * r;
            }

            var node = nodes[id];
            node.Mean = mean;
            node.Variance = sse / count;
            if (count < settings.MinSamplesSplit || depth >= settings.MaxDepth || !(sse > 1e-12 * count * (1 + (mean * mean))))
            {
                continue;
            }

            // Partial Fisher–Yates: the first `tried` entries are a random subset in random order.
            for (var i = 0; i < tried; i++)
            {
                var j = i + random.NextInt(d - i);
                (features[i], features[j]) = (features[j], features[i]);
            }

            var bestGain = 0.0;
            var bestFeature = -1;
            var bestLeftCount = 0;
            var bestThreshold = 0.0;
            for (var t = 0; t < tried; t++)
            {
                var f = features[t];
                var o = order[f];
                var column = values[f];
                if (column[o[lo]] == column[o[hi - 1]])
                {
                    continue; // constant in this node
                }

                var left = 0.0;
                for (var i = lo; i < hi - 1; i++)
                {
                    left += ys[o[i]] - mean;
                    var nl = i - lo + 1;
                    var nr = count - nl;
                    var a = column[o[i]];
                    var b = column[o[i + 1]];
                    if (a == b || nl < settings.MinSamplesLeaf || nr < settings.MinSamplesLeaf)
                    {
                        continue;
                    }

                    // SSE(parent) − SSE(children) = L²/nl + R²/nr with centred sums, R = −L.
                    var gain = left * left * ((1.0 / nl) + (1.0 / nr));
                    if (gain > bestGain)
                    {
                        bestGain = gain;
                        bestFeature = f;
                        bestLeftCount = nl;
                        var mid = a + ((b - a) / 2);
                        bestThreshold = mid < b ? mid : a;
                    }
                }
            }

            if (bestFeature < 0 || !(bestGain > 1e-12 * sse))
            {
                continue;
            }

            var split = order[bestFeature];
            for (var i = lo; i < hi; i++)
            {
                goesLeft[split[i]] = i < lo + bestLeftCount;
            }

            for (var f = 0; f < d; f++)
            {
                StablePartition(order[f], lo, hi, goesLeft, buffer);
            }

            node.Feature = bestFeature;
            node.Threshold = bestThreshold;
            node.Left = nodes.Count;
            nodes.Add(new Node());
            node.Right = nodes.Count;
            nodes.Add(new Node());
            stack.Push((node.Right, lo + bestLeftCount, hi, depth + 1));
            stack.Push((node.Left, lo, lo + bestLeftCount, depth + 1));
        }

        return new RegressionTree(nodes);
    }

    /// <summary>The mean and population variance of the samples in the leaf that <paramref name="point"/> falls in.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> point)
    {
        var node = 0;
        while (_feature[node] >= 0)
        {
            node = point[_feature[node]] <= _threshold[node] ? _left[node] : _right[node];
        }

        return (_mean[node], _variance[node]);
    }

    private static void StablePartition(int[] order, int lo, int hi, bool[] goesLeft, int[] buffer)
    {
        var l = lo;
        var r = 0;
        for (var i = lo; i < hi; i++)
        {
            var s = order[i];
            if (goesLeft[s])
            {
                order[l++] = s;
            }
            else
            {
                buffer[r++] = s;
            }
        }

        Array.Copy(buffer, 0, order, l, r);
    }

    private sealed class Node
    {
        public int Feature { get; set; } = -1;

        public double Threshold { get; set; }

        public int Left { get; set; } = -1;

        public int Right { get; set; } = -1;

        public double Mean { get; set; }

        public double Variance { get; set; }
    }
}
