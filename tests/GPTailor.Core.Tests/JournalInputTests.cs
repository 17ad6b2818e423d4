using System.Text;

namespace GPTailor.Core.Tests;

/// <summary>
/// Issue 11 item 7 for the search journal: it is read through the bounded line reader (a line is refused while it is
/// read, naming file and line; lines are strict UTF-8) and a journal path that is a device, FIFO or directory is refused
/// before it is opened. Before: <c>File.ReadAllLines</c> read a 20 M-character line whole, and opening a FIFO blocked.
/// </summary>
public sealed class JournalInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gptailor-journal-input-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Journal => Path.Combine(_dir, "journal.jsonl");

    private string GoodLine()
    {
        var plan = TailoringPlan.Dense(4, 0);
        var record = new TrialRecord(0, 7, 3, 10, [0.25], plan, plan.ComputeHash(), new TaskScores([new TaskScore("a", "acc", 0.75, ObjectiveDirection.Maximize, 10)]), null, 0.5);
        var scratch = Path.Combine(_dir, "scratch.jsonl");
        using (var journal = SearchJournal.Open(scratch))
        {
            journal.AppendTrial(record);
        }

        var line = File.ReadAllText(scratch).TrimEnd('\n');
        File.Delete(scratch);
        return line;
    }

    [Fact]
    public void AnOverlongMiddleLineIsRefusedWhileReadingNamingTheLine()
    {
        var good = Encoding.UTF8.GetBytes(GoodLine() + "\n");
        using (var stream = File.Create(Journal))
        {
            stream.Write(good);
            stream.Write(Encoding.ASCII.GetBytes("{\"type\":\"trial\",\"x\":\""));
            var block = Encoding.ASCII.GetBytes(new string('a', 1 << 20));
            for (var i = 0; i < 20; i++)
            {
                stream.Write(block);
            }

            stream.Write(Encoding.ASCII.GetBytes("\"}\n"));
            stream.Write(good);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<SearchFailedException>(() => SearchJournal.Read(Journal));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.StartsWith($"{Journal}:2: line longer than {BoundedLineReader.DefaultMaxLineLength} characters (refused while reading)", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 24L * 1024 * 1024, $"allocated {allocated} bytes before refusing the line");
    }

    [Fact]
    public void InvalidUtf8InAMiddleLineIsReportedWithFileAndLine()
    {
        var good = Encoding.UTF8.GetBytes(GoodLine() + "\n");
        var bad = good[..^2].Concat(new byte[] { 0xFF, (byte)'}', (byte)'\n' }).ToArray();
        File.WriteAllBytes(Journal, [.. good, .. bad, .. good]);
        var ex = Assert.Throws<SearchFailedException>(() => SearchJournal.Read(Journal));
        Assert.StartsWith($"{Journal}:2: not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALastLineTornInsideAUtf8SequenceIsStillATornTail()
    {
        // A crash can cut a write inside a multi-byte character: that last line is ignored, then cut off by Open.
        var good = Encoding.UTF8.GetBytes(GoodLine() + "\n");
        var torn = Encoding.UTF8.GetBytes("{\"type\":\"trial\",\"error\":\"é");
        File.WriteAllBytes(Journal, [.. good, .. torn[..^1]]);
        Assert.Single(SearchJournal.Read(Journal));
        using (var journal = SearchJournal.Open(Journal))
        {
            Assert.Equal(torn.Length - 1, journal.RemovedTailBytes);
        }

        Assert.Equal(good, File.ReadAllBytes(Journal));
    }

    [Fact]
    public void ADirectoryOrDeviceAsTheJournalIsRefusedBeforeReading()
    {
        Directory.CreateDirectory(Journal);
        var directory = Assert.Throws<SearchFailedException>(() => SearchJournal.Read(Journal));
        Assert.Contains("is a directory, not a regular file", directory.Message, StringComparison.Ordinal);
        Assert.Throws<SearchFailedException>(() => SearchJournal.Open(Journal));
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var link = Path.Combine(_dir, "zero.jsonl");
        File.CreateSymbolicLink(link, "/dev/zero");
        var device = Assert.Throws<SearchFailedException>(() => SearchJournal.Read(link));
        Assert.Equal($"{link}: the search journal is a character device, not a regular file; only regular files are read.", device.Message);
        Assert.Throws<SearchFailedException>(() => SearchJournal.Open(link));
    }

    [Fact]
    public async Task AFifoAsTheJournalIsRefusedWithoutBlocking()
    {
        var fifo = Path.Combine(_dir, "fifo.jsonl");
        if (!OperatingSystem.IsLinux() || !NonRegularFiles.TryMakeFifo(fifo))
        {
            return;
        }

        var ex = await NonRegularFiles.ThrowsWithoutBlocking(() => SearchJournal.Read(fifo), fifo);
        Assert.IsType<SearchFailedException>(ex);
        Assert.Contains("FIFO (named pipe), not a regular file", ex.Message, StringComparison.Ordinal);
        var open = await NonRegularFiles.ThrowsWithoutBlocking(() => SearchJournal.Open(fifo).Dispose(), fifo);
        Assert.IsType<SearchFailedException>(open);
    }
}
