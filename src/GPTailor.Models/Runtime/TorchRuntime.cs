using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GPTailor.Models.Runtime;

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
