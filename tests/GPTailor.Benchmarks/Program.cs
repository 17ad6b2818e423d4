using GPTailor.Benchmarks;
using GPTailor.Models.Runtime;

TorchRuntime.Initialize();
var which = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
return which switch
{
    "forward" => ForwardBenchmark.Run(rest),
    "safetensors" => SafetensorsBenchmark.Run(rest),
    "cmaes" => OptimizerBenchmark.Run(rest),
    "stitch" => StitchBenchmark.Run(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project tests/GPTailor.Benchmarks -- <forward|safetensors|cmaes|stitch> [options]");
    return 2;
}
