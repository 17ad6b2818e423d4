using GPTailor.Cli;

namespace GPTailor.Models.Tests.Cli;

/// <summary>Runs the gptailor command line in-process, capturing stdout and stderr.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Error) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = CliApplication.RunAsync(args, stdout, stderr).GetAwaiter().GetResult();
        return (code, stdout.ToString(), stderr.ToString());
    }
}
