using System.Diagnostics;
using System.Text;

namespace GPTailor.Packaging.Tests;

/// <summary>Runs the dotnet CLI (or another program) as a child process with a time limit and returns its exit code and output.</summary>
internal static class DotnetProcess
{
    /// <summary>Variables the outer `dotnet test` sets for its own MSBuild; a child CLI finds its own.</summary>
    private static readonly string[] InheritedBuildVariables = ["MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"];

    public static (int ExitCode, string Output) Run(string workingDirectory, TimeSpan limit, params string[] args) =>
        RunProgram("dotnet", workingDirectory, limit, args);

    public static (int ExitCode, string Output) RunProgram(string fileName, string workingDirectory, TimeSpan limit, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var name in InheritedBuildVariables)
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in {limit.TotalSeconds:F0} s:\n{Tail(output)}");
        }

        process.WaitForExit();
        return (process.ExitCode, Tail(output));
    }

    private static string Tail(StringBuilder output)
    {
        lock (output)
        {
            const int Keep = 12000;
            return output.Length <= Keep ? output.ToString() : "..." + output.ToString(output.Length - Keep, Keep);
        }
    }
}
