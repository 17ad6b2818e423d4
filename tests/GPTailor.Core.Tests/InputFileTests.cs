using System.Text;

namespace GPTailor.Core.Tests;

/// <summary>Issue 11 items 7 and 10: readers bound lines while reading, refuse non-regular files, report invalid UTF-8;
/// family duplicates are compared as canonical paths; all-zero task weights are refused.</summary>
public sealed class InputFileTests : IDisposable
{
    private const string McLine = "{\"context\":\"q\",\"choices\":[\"a\",\"b\"],\"gold\":1}";
    private readonly string _dir = Directory.CreateTempSubdirectory("gptailor-inputs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void DevZeroAsTaskDataIsRefusedBeforeReading()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // /dev/zero and the device check are Linux-specific
        }

        // Before: File.ReadLines read one endless line until OutOfMemoryException.
        var ex = Assert.Throws<TaskFormatException>(() => TaskDataReader.ReadText("/dev/zero"));
        Assert.Contains("/dev/zero", ex.Message, StringComparison.Ordinal);
        Assert.Contains("character device", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DevZeroAsTaskPathInATaskSetIsRefused()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Before: accepted (File.Exists is true for a device), and the run's fingerprint then hashed /dev/zero forever.
        var path = Write("tasks.json", "{\"tasks\":[{\"name\":\"z\",\"kind\":\"perplexity\",\"path\":\"/dev/zero\"}]}");
        var ex = Assert.Throws<TaskFormatException>(() => TaskSet.Load(path));
        Assert.Contains("tasks.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/zero is a character device, not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DirectoryAsTaskDataIsRefusedAsNotARegularFile()
    {
        var sub = Directory.CreateDirectory(Path.Combine(_dir, "data.jsonl")).FullName;
        var ex = Assert.Throws<TaskFormatException>(() => TaskDataReader.ReadMultipleChoice(sub));
        Assert.Contains($"{sub}: a directory, not a regular file", ex.Message, StringComparison.Ordinal);

        var tasks = Write("tasks.json", "{\"tasks\":[{\"name\":\"d\",\"kind\":\"multiple_choice\",\"path\":\"data.jsonl\"}]}");
        var setError = Assert.Throws<TaskFormatException>(() => TaskSet.Load(tasks));
        Assert.Contains("is a directory, not a regular file", setError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALongLineIsRefusedWhileReadingWithBoundedMemory()
    {
        // 20 M characters on line 2. Before: the whole line was read into a string (≈ 80 MB of allocations for
        // the StringBuilder and the string) and only then compared with the 4 M limit.
        var path = Path.Combine(_dir, "long.jsonl");
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            writer.Write(McLine + "\n{\"context\":\"");
            var chunk = new string('x', 1 << 20);
            for (var i = 0; i < 20; i++)
            {
                writer.Write(chunk);
            }

            writer.Write("\",\"choices\":[\"a\",\"b\"],\"gold\":0}\n");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<TaskFormatException>(() => TaskDataReader.ReadMultipleChoice(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.StartsWith($"{path}:2: line longer than {TaskDataReader.MaxLineLength} characters", ex.Message, StringComparison.Ordinal);
        Assert.True(allocated < 24L * 1024 * 1024, $"allocated {allocated} bytes before refusing the line");
    }

    [Fact]
    public void ALineOfExactlyTheLimitIsStillRead()
    {
        var text = new string('a', TaskDataReader.MaxLineLength - "{\"text\":\"\"}".Length);
        var path = Write("limit.jsonl", "{\"text\":\"" + text + "\"}\n");
        Assert.Equal(text, Assert.Single(TaskDataReader.ReadText(path)).Text);
    }

    [Fact]
    public void MultiByteCharactersCountAsUtf16CharactersAgainstTheLimit()
    {
        // "é" is 2 bytes and 1 character; "😀" is 4 bytes and 2 characters: the limit is in characters as before.
        var half = (TaskDataReader.MaxLineLength - 20) / 2;
        var ok = Write("ok.jsonl", "{\"text\":\"" + string.Concat(Enumerable.Repeat("é", half)) + "\"}\n");
        Assert.Equal(half, Assert.Single(TaskDataReader.ReadText(ok)).Text!.Length);

        var tooLong = Write("emoji.jsonl", "{\"text\":\"" + string.Concat(Enumerable.Repeat("😀", half + 20)) + "\"}\n");
        var ex = Assert.Throws<TaskFormatException>(() => TaskDataReader.ReadText(tooLong));
        Assert.Contains(":1: line longer than", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8IsReportedWithFileAndLine()
    {
        // Before: decoded with replacement characters and accepted silently.
        var bytes = Encoding.UTF8.GetBytes(McLine + "\n{\"context\":\"q\",\"choices\":[\"a\",\"b").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\"],\"gold\":1}\n")).ToArray();
        var path = WriteBytes("bad.jsonl", bytes);
        var ex = Assert.Throws<TaskFormatException>(() => TaskDataReader.ReadMultipleChoice(path));
        Assert.StartsWith($"{path}:2: not valid UTF-8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ByteOrderMarkAndEveryLineEndingKeepLineNumbers()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(McLine + "\r\n" + McLine + "\r" + McLine + "\n\r\nnot json")).ToArray();
        var path = WriteBytes("endings.jsonl", bytes);
        Assert.Equal(3, TaskDataReader.ReadMultipleChoice(path, limit: 3).Count);
        var ex = Assert.Throws<TaskFormatException>(() => TaskDataReader.ReadMultipleChoice(path));
        Assert.StartsWith($"{path}:5: not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.Equal("é ok", Assert.Single(TaskDataReader.ReadText(Write("last.jsonl", "{\"text\":\"é ok\"}"))).Text);
    }

    [Fact]
    public void AJsonFileThatIsADeviceIsRefusedByName()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // Before: /dev/zero reports length 0 and was "not valid JSON".
        var ex = Assert.Throws<TaskFormatException>(() => TaskSet.Load("/dev/zero"));
        Assert.Equal("/dev/zero: the task set file is a character device, not a regular file; only regular files are read", ex.Message);
    }

    [Fact]
    public async Task AJsonFileThatIsAFifoIsRefusedWithoutBlocking()
    {
        var fifo = Path.Combine(_dir, "family.json");
        if (!OperatingSystem.IsLinux() || !NonRegularFiles.TryMakeFifo(fifo))
        {
            return;
        }

        // Before: opening a FIFO without a writer blocked forever. Run the load on another thread with a deadline; if it
        // blocks, open the FIFO for writing so the reader returns and the test does not leak a blocked thread.
        var load = Task.Run(() => FamilyManifest.Load(fifo));
        if (await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(10))) != load)
        {
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write))
            {
            }

            Assert.Fail("FamilyManifest.Load blocked on a FIFO.");
        }

        var ex = await Assert.ThrowsAsync<FamilyCompatibilityException>(() => load);
        Assert.Contains("FIFO (named pipe), not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllZeroTaskWeightsAreRefused()
    {
        Write("mc.jsonl", McLine + "\n");
        var json = "{\"tasks\":[{\"name\":\"a\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"weight\":0},{\"name\":\"b\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"weight\":0.0}]}";
        var ex = Assert.Throws<TaskFormatException>(() => TaskSet.Parse(json, _dir));
        Assert.Contains("every task weight is 0", ex.Message, StringComparison.Ordinal);

        var loadError = Assert.Throws<TaskFormatException>(() => TaskSet.Load(Write("tasks.json", json)));
        Assert.StartsWith(Path.Combine(_dir, "tasks.json") + ": every task weight is 0", loadError.Message, StringComparison.Ordinal);

        var huge = "{\"tasks\":[{\"name\":\"a\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"weight\":1e308},{\"name\":\"b\",\"kind\":\"multiple_choice\",\"path\":\"mc.jsonl\",\"weight\":1e308}]}";
        Assert.Contains("sum to", Assert.Throws<TaskFormatException>(() => TaskSet.Parse(huge, _dir)).Message, StringComparison.Ordinal);

        // One zero weight beside a positive one stays valid.
        var mixed = json.Replace("\"weight\":0.0", "\"weight\":0.5", StringComparison.Ordinal);
        Assert.Equal([0.0, 0.5], TaskSet.Parse(mixed, _dir).Tasks.Select(t => t.Weight));
    }

    [Theory]
    [InlineData("cand0/", "./cand0")]
    [InlineData("cand0", "sub/../cand0")]
    [InlineData("cand0", "link0")]
    public void TheSameFamilyMemberSpelledTwoWaysIsADuplicate(string first, string second)
    {
        Directory.CreateDirectory(Path.Combine(_dir, "base"));
        Directory.CreateDirectory(Path.Combine(_dir, "cand0"));
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(_dir, "link0"), Path.Combine(_dir, "cand0"));
        var path = Write("family.json", $"{{\"base\":\"base\",\"candidates\":[\"{first}\",\"{second}\"]}}");

        // Before: path strings were compared, so these passed as two members.
        var ex = Assert.Throws<FamilyCompatibilityException>(() => FamilyManifest.Load(path));
        Assert.Contains("appears twice in the family", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"(both {Path.Combine(FilePaths.Canonical(_dir), "cand0")})", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DistinctFamilyMembersKeepTheirPathsAsGiven()
    {
        foreach (var name in new[] { "base", "cand0", "cand1" })
        {
            Directory.CreateDirectory(Path.Combine(_dir, name));
        }

        var manifest = FamilyManifest.Load(Write("family.json", "{\"base\":\"./base\",\"candidates\":[\"cand0/\",\"cand1\"]}"));
        Assert.Equal(["base", "cand0", "cand1"], manifest.Members.Select(m => m.Name));
        Assert.Equal(Path.Combine(_dir, "cand0") + Path.DirectorySeparatorChar, manifest.Members[1].Directory);
    }
}
