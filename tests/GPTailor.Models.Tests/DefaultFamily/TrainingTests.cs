using System.Text.Json.Nodes;
using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace GPTailor.Models.Tests;

public sealed class TrainingTests
{
    private static HfModelConfig Config() => HfModelConfig.Parse(new JsonObject
    {
        ["architectures"] = new JsonArray("LlamaForCausalLM"),
        ["model_type"] = "llama",
        ["hidden_size"] = 32,
        ["intermediate_size"] = 48,
        ["num_hidden_layers"] = 2,
        ["num_attention_heads"] = 4,
        ["num_key_value_heads"] = 2,
        ["rms_norm_eps"] = 1e-5,
        ["rope_theta"] = 10000.0,
        ["vocab_size"] = 40,
        ["tie_word_embeddings"] = false,
        ["max_position_embeddings"] = 64,
    }.ToJsonString());

    [Fact]
    public void Trainable_forward_gives_the_inference_logits_and_gradients_for_every_weight()
    {
        using var parameters = LlamaParameters.Initialize(Config(), 11);
        using var model = parameters.CreateModel();
        using var scope = torch.NewDisposeScope();
        var ids = torch.randint(0, 40, [3, 9], generator: new torch.Generator(5));
        var inference = model.Forward(ids);
        var trainable = model.ForwardTrainable(ids);
        Assert.True(trainable.requires_grad);
        Assert.False(inference.requires_grad);
        Assert.True(torch.allclose(inference, trainable.detach(), 0, 0));
        F.cross_entropy(trainable.reshape(-1, 40), ids.reshape(-1)).backward();
        foreach (var (name, p) in parameters.ByName)
        {
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, name);
        }
    }

    [Fact]
    public void Initialisation_is_seeded_and_the_clone_is_independent()
    {
        using var a = LlamaParameters.Initialize(Config(), 3);
        using var b = LlamaParameters.Initialize(Config(), 3);
        using var c = LlamaParameters.Initialize(Config(), 4);
        using var clone = a.Clone();
        Assert.Equal(a.ByName.Keys, Config().Architecture.ExpectedTensors(Config()).Keys.Order(StringComparer.Ordinal));
        Assert.True(torch.allclose(a.ByName["model.layers.1.mlp.up_proj.weight"], b.ByName["model.layers.1.mlp.up_proj.weight"], 0, 0));
        Assert.False(torch.allclose(a.ByName["model.layers.1.mlp.up_proj.weight"], c.ByName["model.layers.1.mlp.up_proj.weight"], 0, 0));
        using (torch.no_grad())
        {
            clone.ByName["model.norm.weight"].add_(1);
        }

        Assert.Equal(1f, a.ByName["model.norm.weight"][0].item<float>());
        Assert.Equal(2f, clone.ByName["model.norm.weight"][0].item<float>());
        var std = a.ByName["model.layers.0.self_attn.q_proj.weight"].std().item<float>();
        Assert.InRange(std, 0.018, 0.022);
    }

    [Fact]
    public void Learning_rate_warms_up_linearly_then_decays_by_cosine_to_a_tenth()
    {
        const int total = 200;
        const double peak = 0.01;
        var warmup = total / 20;
        Assert.Equal(peak / warmup, LearningRateSchedule.At(0, total, peak), 15);
        Assert.Equal(peak, LearningRateSchedule.At(warmup - 1, total, peak), 15);
        Assert.Equal(peak, LearningRateSchedule.At(warmup, total, peak), 15);
        Assert.Equal(peak / 10, LearningRateSchedule.At(total - 1, total, peak), 15);
        var middle = warmup + ((total - warmup - 1) / 2.0);
        Assert.Equal(peak * 0.55, LearningRateSchedule.At((int)middle, total, peak), 3);
        var decay = Enumerable.Range(warmup, total - warmup).Select(s => LearningRateSchedule.At(s, total, peak)).ToArray();
        Assert.Equal(decay.OrderDescending(), decay);
    }

    [Fact]
    public void Training_on_one_thread_leaves_no_live_tensors_and_lowers_the_loss()
    {
        var tokenizerDirectory = Path.Combine(Path.GetTempPath(), "gptailor-tok-" + Guid.NewGuid().ToString("N"));
        try
        {
            var skills = new Skill[] { new ReverseSkill() };
            var corpus = new TrainingSampler(skills, new HashSet<string>(), new Random(1));
            GPTailor.Models.ByteLevelBpeTrainer.Train(Enumerable.Range(0, 300).Select(_ => corpus.Next()).Select(e => e.Context + " " + e.Answer), 270, ["<s>", "</s>"], tokenizerDirectory);
            var tokenizer = GPTailor.Models.HfTokenizer.Load(tokenizerDirectory);
            var json = Config().ToJsonObject();
            json["vocab_size"] = tokenizer.VocabularySize;
            var config = HfModelConfig.Parse(json.ToJsonString());
            var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            var losses = new List<double>();
            using (var parameters = LlamaParameters.Initialize(config, 2))
            {
                var sampler = new TrainingSampler(skills, new HashSet<string>(), new Random(9));
                LanguageModelTrainer.Train(parameters, sampler, new ExampleEncoder(tokenizer, 32), 30, 16, 1e-2, (_, loss) => losses.Add(loss), CancellationToken.None);
            }

            Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            Assert.Equal(30, losses.Count);
            Assert.True(losses.Skip(25).Average() < losses.Take(3).Average() - 1, string.Join(", ", losses));
        }
        finally
        {
            Directory.Delete(tokenizerDirectory, recursive: true);
        }
    }
}
