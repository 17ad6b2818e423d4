using TorchSharp;
using F = TorchSharp.torch.nn.functional;

namespace GPTailor.Models;

/// <summary>
/// Trains <see cref="LlamaParameters"/> with AdamW (β = 0.9/0.95, weight decay 0.01, gradient norm clipped at 1) and
/// the <see cref="LearningRateSchedule"/>, minimising the cross-entropy of the answer tokens.
/// </summary>
internal static class LanguageModelTrainer
{
    /// <summary>Runs <paramref name="steps"/> optimizer steps; <paramref name="onStep"/> gets (step + 1, loss).</summary>
    public static void Train(
        LlamaParameters parameters,
        TrainingSampler sampler,
        ExampleEncoder encoder,
        int steps,
        int batchSize,
        double peakLearningRate,
        Action<int, double> onStep,
        CancellationToken cancellationToken)
    {
        using var model = parameters.CreateModel();
        var trainable = parameters.ByName.Values.ToArray();
        using var optimizer = torch.optim.AdamW(trainable, peakLearningRate, beta1: 0.9, beta2: 0.95, weight_decay: 0.01);
        var vocab = parameters.Config.VocabSize;
        for (var step = 0; step < steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var examples = Enumerable.Range(0, batchSize).Select(_ => sampler.Next()).ToArray();
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = LearningRateSchedule.At(step, steps, peakLearningRate);
            }

            double loss;
            using (var scope = torch.NewDisposeScope())
            {
                var (ids, targets) = encoder.Batch(examples);
                var logits = model.ForwardTrainable(ids);
                var value = F.cross_entropy(logits.reshape(-1, vocab), targets.reshape(-1), ignore_index: ExampleEncoder.Ignore);
                optimizer.zero_grad();
                value.backward();
                torch.nn.utils.clip_grad_norm_(trainable, 1.0);
                optimizer.step();
                loss = value.item<float>();
            }

            onStep(step + 1, loss);
        }
    }
}
