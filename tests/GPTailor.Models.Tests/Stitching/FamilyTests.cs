using System.Text.Json.Nodes;
using TorchSharp;

namespace GPTailor.Models.Tests;

[Collection("torch")]
public sealed class FamilyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MemberFingerprintsTellFineTunesApartAndAreStable()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2);
        string[] prints;
        using (var family = ModelFamily.Open(manifest))
        {
            prints = Enumerable.Range(0, 3).Select(((IModelFamily)family).MemberFingerprint).ToArray();
        }

        Assert.Equal(3, prints.Distinct().Count()); // same headers, different weights
        Assert.All(prints, p => Assert.Matches("^[0-9a-f]{64}$", p));
        using var reordered = ModelFamily.Open(FamilyManifest.FromDirectories([manifest.Members[0].Directory, manifest.Members[2].Directory, manifest.Members[1].Directory]));
        Assert.Equal([prints[0], prints[2], prints[1]], Enumerable.Range(0, 3).Select(reordered.MemberFingerprint));
    }

    [Fact]
    public void OpensACompatibleFamilyFromHeaders()
    {
        using var family = ModelFamily.Open(RandomFamily.Write(_dir.Path, candidates: 3));
        Assert.Equal("LlamaForCausalLM", family.Architecture);
        Assert.Equal(4, family.LayerCount);
        Assert.Equal(3, family.CandidateCount);
        Assert.Same(family, family.GetService<ModelFamily>());
        Assert.Same(family, ((IModelFamily)family).GetService(typeof(IModelFamily)));
        Assert.Null(family.GetService<ICheckpoint>());
        Assert.Null(family.GetService(typeof(ModelFamily), serviceKey: "other"));
    }

    [Fact]
    public void ListsEveryMismatchBeforeReadingTensors()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 2);
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(manifest.Members[2].Directory, "config.json")))!.AsObject();
        config["num_hidden_layers"] = 3;
        config["rope_theta"] = 500000.0;
        File.WriteAllText(Path.Combine(manifest.Members[2].Directory, "config.json"), config.ToJsonString());
        var ex = Assert.Throws<FamilyCompatibilityException>(() => ModelFamily.Open(manifest));
        Assert.Contains(ex.Mismatches, m => m.Contains("num_hidden_layers", StringComparison.Ordinal));
        Assert.Contains(ex.Mismatches, m => m.Contains("rope_theta", StringComparison.Ordinal));
    }

    [Fact]
    public void CandidateVocabularyMayOnlyAddRowsWhichAreIgnored()
    {
        using var family = ModelFamily.Open(RandomFamily.Write(_dir.Path, candidates: 1, extraCandidateVocab: 3));
        using var stitcher = new PlanStitcher(family);
        using var model = stitcher.Build(TailoringPlan.Dense(4, 1, member: 1));
        Assert.Equal(96, model.Model.Embeddings.shape[0]);
        Assert.Equal(96, model.Model.LanguageModelHead!.shape[0]);
        using var scope = torch.NewDisposeScope();
        var expected = family.CheckpointOf(1).ReadTensor("model.embed_tokens.weight")[..96];
        Assert.True(model.Model.Embeddings.equal(expected).all().item<bool>());
    }

    [Fact]
    public void RefusesAPickleOnlyMember()
    {
        var manifest = RandomFamily.Write(_dir.Path, candidates: 1);
        File.Delete(Path.Combine(manifest.Members[1].Directory, "model.safetensors"));
        File.WriteAllBytes(Path.Combine(manifest.Members[1].Directory, "pytorch_model.bin"), [0x80, 0x02]);
        var ex = Assert.Throws<FamilyCompatibilityException>(() => ModelFamily.Open(manifest));
        Assert.Contains("candidate0", ex.Message, StringComparison.Ordinal);
    }
}
