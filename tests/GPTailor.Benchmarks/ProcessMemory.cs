using System.Globalization;

namespace GPTailor.Benchmarks;

/// <summary>This process's memory figures from <c>/proc</c> (bytes), shared by the memory benchmarks.</summary>
internal static class ProcessMemory
{
    /// <summary>A field of <c>/proc/self/status</c> (the key, a tab, the value: no space between them from 10,000,000 kB on) such as <c>"VmRSS:"</c>, <c>"VmHWM:"</c> or <c>"RssAnon:"</c>; 0 when absent.</summary>
    public static long Status(string key) => Field("/proc/self/status", key);

    /// <summary>A field of <c>/proc/meminfo</c> such as <c>"MemAvailable:"</c>; 0 when absent.</summary>
    public static long MemInfo(string key) => Field("/proc/meminfo", key);

    /// <summary>Resets the peak RSS (<c>VmHWM</c>) to the current RSS; false when the kernel does not allow it.</summary>
    public static bool TryResetPeak()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return Status("VmHWM:") <= Status("VmRSS:") + (16 << 20);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static long Field(string file, string key)
    {
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
