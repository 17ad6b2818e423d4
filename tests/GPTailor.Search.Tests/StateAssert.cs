
namespace GPTailor.Search.Tests;

/// <summary>Runs an optimizer and a restored copy side by side and checks that they ask bit-identical points.</summary>
internal static class StateAssert
{
    public static void ContinuesIdentically(IZeroOrderOptimizer original, IZeroOrderOptimizer restored, Func<IReadOnlyList<double>, double> f, int rounds)
    {
        restored.LoadState(original.SaveState());
        for (var r = 0; r < rounds && original.StopReason == OptimizerStopReason.None; r++)
        {
            var a = original.Ask();
            var b = restored.Ask();
            Assert.Equal(a.Select(c => c.Id), b.Select(c => c.Id));
            Assert.Equal(a.SelectMany(c => c.Point).Select(BitConverter.DoubleToInt64Bits), b.SelectMany(c => c.Point).Select(BitConverter.DoubleToInt64Bits));
            original.Tell(a.Select(c => new Observation(c, f(c.Point))).ToArray());
            restored.Tell(b.Select(c => new Observation(c, f(c.Point))).ToArray());
        }

        Assert.Equal(original.SaveState(), restored.SaveState());
    }
}
