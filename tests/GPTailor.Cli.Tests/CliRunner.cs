using System.Diagnostics;
using System.Reflection;

namespace GPTailor.Cli.Tests;

/// <summary>Runs the real gptailor tool in its own process (as a user does), capturing stdout, stderr and the exit code.</summary>
internal static class CliRunner
{
    /// <summary>The built tool's <c>gptailor.dll</c>.</summary>
    public static readonly string ToolPath = typeof(CliRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "GPTailorTool").Value!;

    public static (int Code, string Out, string Error) Run(params string[] args) => RunTool(ToolPath, args);

    /// <summary>Runs a copy of the tool (<paramref name="toolPath"/>: its <c>gptailor.dll</c>) as <see cref="Run"/> does.</summary>
    public static (int Code, string Out, string Error) RunTool(string toolPath, params string[] args)
    {
        using var process = StartTool(toolPath, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gptailor {string.Join(' ', args)} did not finish in 5 minutes.");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>Starts the tool (<c>dotnet exec</c>: the process is the tool itself) with stdout and stderr redirected; the caller reads or discards them.</summary>
    public static Process Start(params string[] args) => StartTool(ToolPath, args);

    private static Process StartTool(string toolPath, string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(toolPath);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start " + toolPath);
    }
}
