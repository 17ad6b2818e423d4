// The README's main job as a sample project: the same as `gptailor demo [--out DIR]`.
// Run: dotnet run -c Release --project samples/GPTailor.Demo -- [outputDirectory]
using GPTailor.Workflows;
using GPTailor.Models;

if (Environment.GetEnvironmentVariable("GPTAILOR_CPU_KERNELS") != "native")
{
    TorchRuntime.PinReproducibleCpuKernels(); // same family and numbers on every x86-64 machine with AVX2
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
var options = new DemoOptions { OutputDirectory = args.Length > 0 ? args[0] : Path.Combine("out", "demo") };
var rows = await DemoRunner.RunAsync(options, Console.Error, cancel.Token);
var best = rows.Where(r => r.Method.StartsWith("GPTailor", StringComparison.Ordinal)).MaxBy(r => r.Average)!;
Console.WriteLine($"{best.Method}: {best.Layers} layers, retained {best.Retained:F1} % of the dense base");
