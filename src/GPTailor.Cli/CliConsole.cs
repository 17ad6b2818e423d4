using Spectre.Console;

namespace GPTailor.Cli;

/// <summary>
/// Where commands write: results to <see cref="Out"/>, messages and progress to <see cref="Error"/>. Progress and
/// tables go through Spectre.Console: on an interactive terminal (<see cref="Interactive"/>: stderr is the process's
/// own, not redirected, and <c>TERM</c> is not <c>dumb</c>) a live progress bar redraws in place; otherwise (a log file,
/// a pipe, the tests' writers) every step is one plain line and nothing is redrawn.
/// </summary>
/// <param name="out">Where results go (stdout).</param>
/// <param name="error">Where messages and progress go (stderr).</param>
public sealed class CliConsole(TextWriter @out, TextWriter error)
{
    /// <summary>Where results go.</summary>
    public TextWriter Out { get; } = @out ?? throw new ArgumentNullException(nameof(@out));

    /// <summary>Where messages and progress go.</summary>
    public TextWriter Error { get; } = error ?? throw new ArgumentNullException(nameof(error));

    /// <summary>Whether progress may redraw in place (a live bar on a terminal).</summary>
    public bool Interactive { get; init; }

    /// <summary>The console for the real process streams: interactive when stderr is a terminal.</summary>
    public static CliConsole ForProcess() => new(Console.Out, Console.Error)
    {
        Interactive = !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not "dumb",
    };

    /// <summary>Whether <see cref="Out"/> is a terminal (tables are boxed there, Markdown otherwise).</summary>
    public bool OutIsTerminal => Interactive && !Console.IsOutputRedirected && ReferenceEquals(Out, Console.Out);

    /// <summary>A Spectre console writing to <see cref="Out"/> (for tables on a terminal).</summary>
    public IAnsiConsole OutAnsi => _out ??= Create(Out, OutIsTerminal);

    /// <summary>A Spectre console writing to <see cref="Error"/> (for live progress).</summary>
    public IAnsiConsole ErrorAnsi => _error ??= Create(Error, Interactive);

    private IAnsiConsole? _out;
    private IAnsiConsole? _error;

    private static IAnsiConsole Create(TextWriter writer, bool terminal)
    {
        return AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Yes : InteractionSupport.No,
        });
    }
}
