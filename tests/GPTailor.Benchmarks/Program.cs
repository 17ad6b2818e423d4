using GPTailor.Benchmarks;
using GPTailor.Models;

var which = args.Length > 0 ? args[0] : "help";
if (which == "choices")
{
    TorchRuntime.PinReproducibleCpuKernels(); // opens the demo's family, whose cache key includes the kernels
}

TorchRuntime.Initialize();
var rest = args.Skip(1).ToArray();
return which switch
{
    "forward" => ForwardBenchmark.Run(rest),
    "safetensors" => SafetensorsBenchmark.Run(rest),
    "cmaes" => OptimizerBenchmark.Run(rest),
    "stitch" => StitchBenchmark.Run(rest),
    "choices" => ChoicesBenchmark.Run(rest),
    "prefix" => PrefixBenchmark.Run(rest),
    "scale" => ScaleBenchmark.Run(rest),
    "workers" => await WorkersBenchmark.RunAsync(rest),
    "search" => SearchBenchmark.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/GPTailor.Benchmarks -- <forward|safetensors|cmaes|stitch|choices|prefix|workers|search|scale> [options]");
    return 2;
}
