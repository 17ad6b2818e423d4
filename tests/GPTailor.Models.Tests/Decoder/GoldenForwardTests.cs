using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>
/// The TorchSharp decoder against the float64 PyTorch reference (tools/reference/make_golden.py): every golden model,
/// batched with right padding (batch 3 mixes lengths 24, 17, 11 and 5, 2).
/// Tolerances: float32 compute — total NLL relative error ≤ 1e-4 and every per-token log-prob within 2e-5 absolute
/// (measured: ≤ 4e-6 per token, ≤ 4e-8 relative NLL); bfloat16 compute — total NLL relative error ≤ 5e-3 and per-token
/// within 0.2 absolute (measured: ≤ 0.10 per token, ≤ 6e-4 relative NLL).
/// </summary>
public class GoldenForwardTests
{
    public static TheoryData<string> Models => new(GoldenData.ModelNames);

    [Theory]
    [MemberData(nameof(Models))]
    public void Float32WeightsInFloat32MatchReference(string model) =>
        AssertMatches(model, "f32", "f32", torch.ScalarType.Float32, relativeNll: 1e-4, perToken: 2e-5);

    [Theory]
    [MemberData(nameof(Models))]
    public void BFloat16WeightsInFloat32MatchReferenceOfRoundedWeights(string model) =>
        AssertMatches(model, "bf16", "bf16", torch.ScalarType.Float32, relativeNll: 1e-4, perToken: 2e-5);

    [Theory]
    [MemberData(nameof(Models))]
    public void BFloat16ComputeStaysWithinLooseTolerance(string model) =>
        AssertMatches(model, "bf16", "bf16", torch.ScalarType.BFloat16, relativeNll: 5e-3, perToken: 0.2);

    private static void AssertMatches(string model, string files, string reference, torch.ScalarType compute, double relativeNll, double perToken)
    {
        using var m = GoldenModel.Load(model, files, compute);
        var scorer = new SequenceScorer(m, new ScoringOptions(BatchSize: 3));
        var actual = scorer.TokenLogProbs(GoldenData.Sequences);
        var expected = GoldenData.LogProbs(model, reference);
        Assert.Equal(expected.Length, actual.Count);
        double maxDiff = 0;
        for (int s = 0; s < expected.Length; s++)
        {
            Assert.Equal(expected[s].Length, actual[s].Length);
            maxDiff = Math.Max(maxDiff, expected[s].Zip(actual[s], (e, a) => Math.Abs(e - a)).DefaultIfEmpty(0).Max());
        }

        double nll = scorer.ScoreNll(GoldenData.Sequences).TotalNll;
        double expectedNll = GoldenData.TotalNll(model, reference);
        Assert.True(maxDiff <= perToken, $"{model} {files} {compute}: max |Δ log p| = {maxDiff:E3} > {perToken:E1}");
        Assert.True(Math.Abs(nll - expectedNll) <= relativeNll * Math.Abs(expectedNll), $"{model} {files} {compute}: NLL {nll} vs {expectedNll}");
    }
}
