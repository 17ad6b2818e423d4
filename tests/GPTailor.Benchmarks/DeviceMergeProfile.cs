using System.Diagnostics;
using System.Globalization;
using GPTailor.Models;
using TorchSharp;

namespace GPTailor.Benchmarks;

/// <summary>
/// <c>scale --device-merge-profile N [--device cpu|cuda] [--rounds R]</c>: merged decoder layers of the 1B-shape family
/// (task arithmetic of members 1–3 on the base, a new λ each time, N layers per round), built by two stitchers taking
/// turns: the default one (merge streamed from the files on the CPU, then copied to the device) and one that merges on
/// the device from the members' tensors held there (<see cref="StitcherOptions.SourceCacheBytes"/>). The first round of
/// the second includes copying those tensors to the device once; later rounds reuse them. Prints seconds per merged
/// layer side by side and whether both built the same bits.
/// </summary>
internal static class DeviceMergeProfile
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string familyPath, int count, ComputeDevice device, int rounds)
    {
        using var family = ModelFamily.Open(FamilyManifest.Load(familyPath));
        count = Math.Min(count, family.LayerCount);
        using var streamed = new PlanStitcher(family, new StitcherOptions { Device = device, CacheBytes = 0 });
        using var onDevice = new PlanStitcher(family, new StitcherOptions { Device = device, CacheBytes = 0, SourceCacheBytes = long.MaxValue });
        var cuda = device.ToTorchDevice().type == DeviceType.CUDA;
        double Time(PlanStitcher stitcher, LayerRecipe recipe, out TensorGroup group)
        {
            var watch = Stopwatch.StartNew();
            group = stitcher.Layer(recipe);
            if (cuda)
            {
                torch.cuda.synchronize();
            }

            return watch.Elapsed.TotalSeconds;
        }

        double streamedSeconds = 0, firstRound = 0, laterRounds = 0;
        var identical = true;
        for (var round = 0; round < rounds; round++)
        {
            for (var layer = 0; layer < count; layer++)
            {
                var recipe = new LayerRecipe { SourceLayer = layer, Merge = MergeRecipe.TaskArithmeticOf([1, 2, 3], 0.3 + (0.01 * round) + (0.001 * layer)) };
                TensorGroup? a = null, b = null;
                try
                {
                    // Alternate which goes first, so that neither always finds the other's pages in the processor's caches.
                    if ((round + layer) % 2 == 0)
                    {
                        streamedSeconds += Time(streamed, recipe, out a);
                        var s = Time(onDevice, recipe, out b);
                        (round == 0 ? ref firstRound : ref laterRounds) += s;
                    }
                    else
                    {
                        var s = Time(onDevice, recipe, out b);
                        (round == 0 ? ref firstRound : ref laterRounds) += s;
                        streamedSeconds += Time(streamed, recipe, out a);
                    }

                    using var scope = torch.NewDisposeScope();
                    identical &= a.Tensors.All(kv => kv.Value.eq(b.Tensors[kv.Key]).all().cpu().item<bool>());
                }
                finally
                {
                    a?.Dispose();
                    b?.Dispose();
                }

                TorchRuntime.ReleaseFreeNativeMemory();
            }
        }

        var stats = onDevice.Statistics;
        Console.WriteLine();
        Console.WriteLine(string.Create(Inv, $"{count} merged layers × {rounds} rounds on {device} (task arithmetic of 3 members on the base, bf16 files, float32 result):"));
        Console.WriteLine();
        Console.WriteLine("| per merged layer | streamed on the CPU, copied to the device (default) | on the device, first round (copies the members' tensors) | on the device, later rounds | default / on the device (later rounds) |");
        Console.WriteLine("|---|---|---|---|---|");
        var later = rounds > 1 ? laterRounds / ((rounds - 1) * (double)count) : double.NaN;
        Console.WriteLine(string.Create(Inv, $"| wall s | {streamedSeconds / (rounds * (double)count):F3} | {firstRound / count:F3} | {later:F3} | **{streamedSeconds / (rounds * (double)count) / later:F2}×** |"));
        Console.WriteLine(string.Create(Inv, $"| members' tensors on the device: copies / reuses / peak bytes | | {stats.SourceMisses} / {stats.SourceHits} / {stats.SourcePeakBytes / 1e9:F2} GB | | |"));
        Console.WriteLine(string.Create(Inv, $"| results bit-identical | {(identical ? "yes" : "no (expected only on a GPU, whose kernels may round differently)")} | | | |"));
        return 0;
    }
}
