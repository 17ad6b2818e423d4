using System.Diagnostics;

namespace GPTailor.Core.Tests;

/// <summary>Non-regular files for reader tests: FIFOs made with <c>mkfifo</c>, and reads run with a deadline so that a
/// reader that blocks on a FIFO fails the test instead of hanging it.</summary>
internal static class NonRegularFiles
{
    /// <summary>Makes a FIFO at <paramref name="path"/>; false where <c>mkfifo</c> is not available.</summary>
    public static bool TryMakeFifo(string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false, RedirectStandardError = true });
            if (process is null || !process.WaitForExit(10_000))
            {
                return false;
            }

            return process.ExitCode == 0 && File.Exists(path);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no mkfifo on this system
        }
    }

    /// <summary>
    /// Runs <paramref name="read"/> on another thread and returns the exception it throws. If it is still running after
    /// 10 s (blocked opening <paramref name="fifo"/>), opens the FIFO for writing so that it returns, and fails the test.
    /// </summary>
    public static async Task<Exception> ThrowsWithoutBlocking(Action read, string fifo)
    {
        var task = Task.Run(read);
        if (await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(10))) != task)
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail($"The reader blocked on the FIFO {fifo}.");
        }

        return await Assert.ThrowsAnyAsync<Exception>(() => task);
    }
}
