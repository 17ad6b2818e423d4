using System.Globalization;
using Spectre.Console;

namespace GPTailor.Cli;

/// <summary>
/// Tables of the CLI's text output, through Spectre.Console: boxed on a terminal, Markdown (<c>| a | b |</c>) when the
/// output is a file or a pipe, so a log stays plain text that can be pasted and parsed. Cells are plain text (no markup).
/// </summary>
internal static class CliTables
{
    /// <summary>
    /// Writes a table with <paramref name="headers"/> (a leading <c>&gt;</c> right-aligns a column) and
    /// <paramref name="rows"/>: to <paramref name="terminal"/> when the output is a terminal, else to
    /// <paramref name="writer"/> as Markdown lines (no blank border lines, no trailing spaces, no escape codes).
    /// </summary>
    public static void Write(TextWriter writer, IAnsiConsole? terminal, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var table = new Table { Border = terminal is null ? TableBorder.Markdown : TableBorder.Rounded };
        foreach (var header in headers)
        {
            var right = header.StartsWith('>');
            var column = new TableColumn(new Text(right ? header[1..] : header));
            table.AddColumn(right ? column.RightAligned() : column.LeftAligned());
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(cell)).ToArray());
        }

        if (terminal is not null)
        {
            terminal.Write(table);
            return;
        }

        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var plain = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        plain.Profile.Width = PlainWidth;
        plain.Write(table);
        foreach (var line in text.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0))
        {
            writer.WriteLine(line);
        }
    }

    /// <summary>Width of a table written to a file or pipe: wide enough that no table of ours wraps.</summary>
    private const int PlainWidth = 240;
}
