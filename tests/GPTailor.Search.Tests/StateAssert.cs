using System.Text.Json.Nodes;

namespace GPTailor.Search.Tests;

/// <summary>Runs an optimizer and a restored copy side by side and checks that they ask bit-identical points.</summary>
internal static class StateAssert
{
    public static void ContinuesIdentically(IZeroOrderOptimizer original, IZeroOrderOptimizer restored, Func<IReadOnlyList<double>, double> f, int rounds)
    {
        restored.LoadState(JsonNode.Parse(original.SaveState().ToJsonString())!);
        for (var r = 0; r < rounds; r++)
        {
            var a = original.Ask();
            var b = restored.Ask();
            Assert.Equal(a.Select(c => c.Id), b.Select(c => c.Id));
            Assert.Equal(a.SelectMany(c => c.Coordinates).Select(BitConverter.DoubleToInt64Bits), b.SelectMany(c => c.Coordinates).Select(BitConverter.DoubleToInt64Bits));
            if (a.Count == 0)
            {
                break; // both finished
            }

            original.Tell(a.Select(c => new Observation(c, f(c.Coordinates))).ToArray());
            restored.Tell(b.Select(c => new Observation(c, f(c.Coordinates))).ToArray());
        }

        Assert.Equal(original.SaveState().ToJsonString(), restored.SaveState().ToJsonString());
    }

    /// <summary>The state after a round trip through JSON text, as a resumed search reads it from disk.</summary>
    public static JsonNode ThroughText(JsonNode state) => JsonNode.Parse(state.ToJsonString())!;
}
