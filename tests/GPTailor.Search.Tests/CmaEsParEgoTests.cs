namespace GPTailor.Search.Tests;

/// <summary>
/// <see cref="CmaEsOptions.ParEgo"/>: a generation is ranked on ParEGO values re-scalarised with one θ over the observed
/// raw costs, not on told values scalarised under different θ.
/// </summary>
public sealed class CmaEsParEgoTests
{
    private static readonly SearchBox Box = SearchBox.UnitCube(6);

    private static CmaEs Create(bool parEgo) => new(Box, new CmaEsOptions { Seed = 11, Sigma0 = 0.3, PopulationSize = 8, ParEgo = parEgo });

    /// <summary>Two conflicting objectives: distance to 0.2 and to 0.8 in the first coordinates.</summary>
    private static double[] Costs(IReadOnlyList<double> x) => [Math.Abs(x[0] - 0.2) + Math.Abs(x[1] - 0.2), Math.Abs(x[0] - 0.8) + (0.5 * Math.Abs(x[2] - 0.5))];

    /// <summary>Observes every point's costs, tells <paramref name="told"/> of them, and returns the next generation.</summary>
    private static double[][] Generation(CmaEs cmaes, Func<SearchPoint, double> told, bool observe = true)
    {
        var asked = cmaes.Ask();
        if (observe)
        {
            cmaes.Observe(asked.Select(p => new TrialResult(p, 100, Costs(p.Coordinates), told(p))).ToArray());
        }

        cmaes.Tell(asked.Select(p => new Observation(p, told(p))).ToArray());
        return cmaes.Ask().Select(p => p.Coordinates.ToArray()).ToArray();
    }

    [Fact]
    public void WithObservedCostsTheToldValuesDoNotDecideTheRanking()
    {
        // Told values as if scalarised under two different θ (one the reverse of the other): with ParEgo the next
        // generations are identical, because both rank on the same costs under the same θ.
        var a = Create(parEgo: true);
        var b = Create(parEgo: true);
        var nextA = Generation(a, p => Costs(p.Coordinates)[0]);
        var nextB = Generation(b, p => Costs(p.Coordinates)[1]);

        Assert.Equal(nextA, nextB);
        Assert.Equal(1, a.ReScalarisedGenerations);

        // Without it the told values decide, and the two differ.
        var c = Create(parEgo: false);
        var d = Create(parEgo: false);
        Assert.NotEqual(Generation(c, p => Costs(p.Coordinates)[0]), Generation(d, p => Costs(p.Coordinates)[1]));
        Assert.Equal(0, c.ReScalarisedGenerations);
    }

    [Fact]
    public void WithoutObservedCostsOrWithOneObjectiveTheToldValuesAreUsedAsBefore()
    {
        var plain = Generation(Create(parEgo: false), p => Costs(p.Coordinates).Sum());
        var unobserved = Create(parEgo: true);
        Assert.Equal(plain, Generation(unobserved, p => Costs(p.Coordinates).Sum(), observe: false));
        Assert.Equal(0, unobserved.ReScalarisedGenerations);

        var single = Create(parEgo: true);
        var asked = single.Ask();
        single.Observe(asked.Select(p => new TrialResult(p, 100, [Costs(p.Coordinates).Sum()], Costs(p.Coordinates).Sum())).ToArray());
        single.Tell(asked.Select(p => new Observation(p, Costs(p.Coordinates).Sum())).ToArray());
        Assert.Equal(plain, single.Ask().Select(p => p.Coordinates.ToArray()).ToArray());
        Assert.Equal(0, single.ReScalarisedGenerations);
    }

    [Fact]
    public void ObservedCostsAreKeptInTheStateAndUnknownPointsAreRefused()
    {
        var original = Create(parEgo: true);
        var asked = original.Ask();
        original.Observe(asked.Select(p => new TrialResult(p, 100, Costs(p.Coordinates), 0.0)).ToArray());
        original.Tell(asked.Take(3).Select(p => new Observation(p, 1.0)).ToArray());

        var restored = Create(parEgo: true);
        restored.LoadState(StateAssert.ThroughText(original.SaveState()));
        foreach (var o in new[] { original, restored })
        {
            o.Tell(asked.Skip(3).Select(p => new Observation(p, 2.0)).ToArray());
        }

        Assert.Equal(original.SaveState().ToJsonString(), restored.SaveState().ToJsonString());
        Assert.Equal(1, restored.ReScalarisedGenerations);
        Assert.Throws<ArgumentException>(() => original.Observe([new TrialResult(asked[0] with { Id = 999 }, 100, [1.0, 2.0], 1.0)]));
        Assert.Throws<ArgumentException>(() => new CmaEs(Box, new CmaEsOptions { Rho = -1 }));
    }
}
