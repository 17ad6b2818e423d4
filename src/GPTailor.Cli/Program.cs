using GPTailor.Cli;

// The demo pins libtorch's CPU kernels (before any tensor exists) so that its family and its numbers are the same on
// every x86-64 machine with AVX2; GPTAILOR_CPU_KERNELS=native opts out. Other commands keep the fastest kernels.
if (args.Length > 0 && args[0] == "demo" && Environment.GetEnvironmentVariable("GPTAILOR_CPU_KERNELS") != "native")
{
    TorchRuntime.PinReproducibleCpuKernels();
}

return await CliApplication.RunAsync(args).ConfigureAwait(false);
