using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GPTailor.Models;

/// <summary>
/// Process-wide native settings that must be in place before libtorch loads. On Linux, OpenMP's default
/// spin-waiting makes small tensor ops 10–100× slower on small machines, so <c>OMP_WAIT_POLICY=PASSIVE</c> is set
/// through libc (the managed <see cref="Environment.SetEnvironmentVariable(string, string?)"/> does not reach native
/// <c>getenv</c>) unless the user already set it. This runs automatically when GPTailor.Models loads; applications
/// that touch TorchSharp before any GPTailor type can call <see cref="Initialize"/> first.
/// </summary>
public static partial class TorchRuntime
{
    private static int _initialized;

    /// <summary>Applies the native settings once; later calls do nothing.</summary>
    public static void Initialize()
    {
        if (Interlocked.Exchange(ref _initialized, 1) == 1)
        {
            return;
        }

        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            try
            {
                _ = SetEnv("OMP_WAIT_POLICY", "PASSIVE", 0);
            }
            catch (DllNotFoundException)
            {
                // No libc to call (unusual platforms): keep the default policy.
            }
            catch (EntryPointNotFoundException)
            {
            }
        }
    }

    private static volatile bool _backendLoaded;
    private static NativeBackendException? _backendProblem;

    /// <summary>
    /// Checks once, before any TorchSharp type runs, that TorchSharp's native library and its libtorch backend load,
    /// and tells the usual problems apart with a one-line message naming the fix: a missing backend package (add
    /// <c>libtorch-cpu-linux-x64</c> 2.10.x, or a CUDA one) and a libstdc++ older than the library needs (the Debian 12 /
    /// Ubuntu 22.04 <c>GLIBCXX_3.4.32</c> problem). Without it both surface late, inside the first tensor operation, as the
    /// same <see cref="TypeInitializationException"/>. The GPTailor evaluators, stitcher, exporter and loaders call it;
    /// later calls cost a field read (a failure is remembered and thrown again). Does nothing on systems other than Linux.
    /// </summary>
    /// <exception cref="NativeBackendException">The native library does not load; <see cref="NativeBackendException.Problem"/> says why.</exception>
    public static void EnsureNativeBackend()
    {
        if (_backendLoaded || !OperatingSystem.IsLinux())
        {
            return;
        }

        lock (BackendGate)
        {
            if (_backendLoaded)
            {
                return;
            }

            _backendProblem ??= NativeBackendProbe.TryLoad(NativeBackendProbe.SearchDirectories());
            if (_backendProblem is { } problem)
            {
                throw new NativeBackendException(problem.Problem, problem.Message, problem.InnerException);
            }

            _backendLoaded = true;
        }
    }

    private static readonly Lock BackendGate = new();

    /// <summary>
    /// Describes the CPU kernels in use: <c>"avx2-pinned"</c> after <see cref="PinReproducibleCpuKernels"/> took effect,
    /// <c>"user-set"</c> when the user set one of its variables, else <c>"native"</c> (libtorch picks the widest
    /// instruction set of the CPU, so float results can differ between machines).
    /// </summary>
    public static string CpuKernels { get; private set; } = "native";

    /// <summary>
    /// Pins libtorch's CPU kernels to their AVX2 code paths (<c>ATEN_CPU_CAPABILITY=avx2</c>, <c>MKL_CBWR=AVX2</c>,
    /// <c>ONEDNN_MAX_CPU_ISA=AVX2</c>), so that float32 results are bit-identical on every x86-64 CPU with AVX2 for the
    /// same thread count, instead of depending on whether the CPU has AVX-512. The default family and the demo use it,
    /// which makes their numbers reproducible across machines. It must be called before the first tensor operation of the
    /// process (the variables are read once, when the kernels are first dispatched) and costs little speed (AVX-512
    /// machines run AVX2 kernels). Variables the user already set are left alone.
    /// </summary>
    /// <returns>True when the kernels are pinned (or the user set the variables); false, changing nothing, on CPUs
    /// without AVX2, on platforms other than Linux, or when libtorch is already loaded in the process (too late).</returns>
    public static bool PinReproducibleCpuKernels()
    {
        Initialize();
        if (!System.Runtime.Intrinsics.X86.Avx2.IsSupported || !OperatingSystem.IsLinux() || LibTorchLoaded())
        {
            return false;
        }

        string[] names = ["ATEN_CPU_CAPABILITY", "MKL_CBWR", "ONEDNN_MAX_CPU_ISA"];
        if (names.Any(n => Environment.GetEnvironmentVariable(n) is not null))
        {
            CpuKernels = "user-set";
            return true;
        }

        try
        {
            _ = SetEnv("ATEN_CPU_CAPABILITY", "avx2", 0);
            _ = SetEnv("MKL_CBWR", "AVX2", 0);
            _ = SetEnv("ONEDNN_MAX_CPU_ISA", "AVX2", 0);
            CpuKernels = "avx2-pinned";
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static bool LibTorchLoaded()
    {
        try
        {
            return File.ReadLines("/proc/self/maps").Any(line => line.Contains("libtorch_cpu", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

#pragma warning disable CA2255 // Library initializer by design: native settings must precede libtorch's load.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void OnModuleLoad() => Initialize();

    /// <summary>
    /// Returns freed native heap memory to the operating system (glibc <c>malloc_trim</c>). libtorch frees the
    /// activations of each forward pass, but glibc keeps large freed blocks in its arenas, so without trimming the
    /// resident memory of a long search grows to several model sizes. Does nothing where glibc is not available.
    /// </summary>
    public static void ReleaseFreeNativeMemory()
    {
        if (!OperatingSystem.IsLinux() || _mallocTrimUnavailable)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _mallocTrimUnavailable = true;
        }
    }

    private static bool _mallocTrimUnavailable;

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);

    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);
}
