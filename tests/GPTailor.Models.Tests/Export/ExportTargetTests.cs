namespace GPTailor.Models.Tests;

/// <summary>Where an export may write: never over its inputs, --force only over a previous export, no leftovers after a crash.</summary>
[Collection("torch")]
public sealed class ExportTargetTests : IDisposable
{
    private static readonly TailoringPlan Plan = TailoringPlan.BaseWithout(4, 1, [1]);
    private static readonly TailoringPlan OtherPlan = TailoringPlan.BaseWithout(4, 1, [2]);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string FamilyRoot => Path.Combine(_dir.Path, "family");

    private ModelFamily OpenFamily() => ModelFamily.Open(RandomFamily.Write(FamilyRoot, candidates: 1));

    private static string[] Listing(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

    private string[] Leftovers() =>
        Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName).Where(n => n!.Contains(".tmp-", StringComparison.Ordinal) || n.Contains(".old-", StringComparison.Ordinal) || n.EndsWith(".lock", StringComparison.Ordinal)).ToArray()!;

    [Fact]
    public void AnOutputThatIsContainsOrIsInsideAFamilyMemberIsRefusedWhateverTheSpellingEvenWithForce()
    {
        using var family = OpenFamily();
        var baseDir = Path.Combine(FamilyRoot, "base");
        var before = Listing(FamilyRoot);
        var link = Path.Combine(_dir.Path, "link-to-base");
        Directory.CreateSymbolicLink(link, baseDir);
        var linkToFamily = Path.Combine(_dir.Path, "link-to-family");
        Directory.CreateSymbolicLink(linkToFamily, "family"); // relative target
        string[] spellings =
        [
            baseDir,
            baseDir + "/",
            Path.Combine(FamilyRoot, "candidate0", "..", "base"),
            Path.Combine(FamilyRoot, ".", "base") + "//",
            link,
            Path.Combine(linkToFamily, "candidate0"),
            FamilyRoot, // contains every member
            _dir.Path,
            Path.Combine(baseDir, "tailored"), // inside a member
            Path.Combine(link, "sub", "tailored"),
        ];
        foreach (var spelling in spellings)
        {
            var error = Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, Plan, spelling, new ExportOptions { Force = true }));
            Assert.Contains("never writes over its inputs", error.Message, StringComparison.Ordinal);
            Assert.Contains(FamilyRoot, error.Message, StringComparison.Ordinal); // names the member's real path
        }

        Assert.Equal(before, Listing(FamilyRoot));
        Assert.False(Directory.Exists(Path.Combine(baseDir, "tailored")));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void AnOutputOverlappingAListedInputIsRefusedAndASiblingIsFine()
    {
        using var family = OpenFamily();
        var tasksDir = Path.Combine(_dir.Path, "tasks");
        Directory.CreateDirectory(tasksDir);
        var taskFile = Path.Combine(tasksDir, "mc.jsonl");
        File.WriteAllText(taskFile, "{}\n");
        var run = Path.Combine(_dir.Path, "run");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "journal.jsonl"), "x\n");
        var options = new ExportOptions { Force = true, Inputs = [new ExportInput(taskFile, "the data of task 'mc'"), new ExportInput(run, "the run directory")] };

        var onTasks = Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, Plan, tasksDir, options));
        Assert.Contains($"contains the data of task 'mc' {taskFile}", onTasks.Message, StringComparison.Ordinal);
        var inRun = Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, Plan, Path.Combine(run, "..", "run", "model"), options));
        Assert.Contains($"is inside the run directory {run}", inRun.Message, StringComparison.Ordinal);
        Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, Plan, run, options));
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(run, "journal.jsonl")));
        Assert.Equal("{}\n", File.ReadAllText(taskFile));

        var beside = TailoredModelExporter.Export(family, Plan, Path.Combine(tasksDir, "model"), options);
        Assert.True(File.Exists(Path.Combine(beside, ExportTarget.RecipeFileName)));
    }

    [Fact]
    public void CanonicalPathResolvesDotsTrailingSeparatorsAndLinksLikeRealpath()
    {
        var real = Directory.CreateDirectory(Path.Combine(_dir.Path, "a", "b")).FullName;
        var link = Path.Combine(_dir.Path, "l");
        Directory.CreateSymbolicLink(link, Path.Combine("a", "b"));
        var chain = Path.Combine(_dir.Path, "l2");
        Directory.CreateSymbolicLink(chain, link);
        var root = ExportTarget.CanonicalPath(_dir.Path);
        Assert.Equal(Path.Combine(root, "a", "b"), ExportTarget.CanonicalPath(real + "/"));
        Assert.Equal(Path.Combine(root, "a", "b"), ExportTarget.CanonicalPath(chain));
        Assert.Equal(Path.Combine(root, "a"), ExportTarget.CanonicalPath(Path.Combine(link, ".."))); // realpath: the link's target's parent
        Assert.Equal(Path.Combine(root, "a", "b", "new", "x"), ExportTarget.CanonicalPath(Path.Combine(chain, "new", ".", "x")));
        var loop = Path.Combine(_dir.Path, "loop");
        Directory.CreateSymbolicLink(loop, loop);
        Assert.Throws<ExportException>(() => ExportTarget.CanonicalPath(Path.Combine(loop, "x")));
    }

    [Fact]
    public void ForceReplacesOnlyAPreviousExport()
    {
        using var family = OpenFamily();
        var output = Path.Combine(_dir.Path, "out");
        TailoredModelExporter.Export(family, Plan, output);
        Assert.True(ExportTarget.IsPreviousExport(output));

        // A user file added to the export makes it a user folder again.
        File.WriteAllText(Path.Combine(output, "notes.txt"), "mine");
        Assert.Contains("notes.txt", Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, OtherPlan, output, new ExportOptions { Force = true })).Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "notes.txt")));
        File.Delete(Path.Combine(output, "notes.txt"));
        Directory.CreateDirectory(Path.Combine(output, "checkpoints"));
        Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, OtherPlan, output, new ExportOptions { Force = true }));
        Directory.Delete(Path.Combine(output, "checkpoints"));

        TailoredModelExporter.Export(family, OtherPlan, output, new ExportOptions { Force = true });
        Assert.Equal(OtherPlan.ComputeHash(), PlanJson.Load(Path.Combine(output, ExportTarget.RecipeFileName)).ComputeHash());

        // A plan file saved under the recipe's name in a user's folder does not make it ours; nor is a file ever replaced.
        var user = Path.Combine(_dir.Path, "user");
        Directory.CreateDirectory(user);
        PlanJson.Save(Plan, Path.Combine(user, ExportTarget.RecipeFileName));
        File.WriteAllText(Path.Combine(user, "thesis.tex"), "chapter 1");
        Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, Plan, user, new ExportOptions { Force = true }));
        Assert.True(File.Exists(Path.Combine(user, "thesis.tex")));
        var file = Path.Combine(_dir.Path, "file");
        File.WriteAllText(file, "data");
        Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, Plan, file, new ExportOptions { Force = true }));
        Assert.Equal("data", File.ReadAllText(file));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void TheNextExportSweepsWhatAKilledExportLeft()
    {
        using var family = OpenFamily();
        var output = Path.Combine(_dir.Path, "out");
        var model = Path.Combine(_dir.Path, "model");
        TailoredModelExporter.Export(family, Plan, model);

        // Killed while writing: a half-written temporary folder beside the old model.
        TailoredModelExporter.Export(family, Plan, output);
        var tmp = Path.Combine(_dir.Path, $".out.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(tmp);
        File.WriteAllText(Path.Combine(tmp, "model-00001-of-00002.safetensors"), "half");
        // Not ours (other names): never touched.
        string[] strangers = [".out.tmp-mine", "out.old-backup", $".other.tmp-{Guid.NewGuid():N}", $"other.old-{Guid.NewGuid():N}"];
        foreach (var s in strangers)
        {
            Directory.CreateDirectory(Path.Combine(_dir.Path, s));
        }

        TailoredModelExporter.Export(family, OtherPlan, output, new ExportOptions { Force = true });
        Assert.False(Directory.Exists(tmp));
        Assert.Equal(OtherPlan.ComputeHash(), PlanJson.Load(Path.Combine(output, ExportTarget.RecipeFileName)).ComputeHash());

        // Killed between the two renames of the fallback sequence: NAME missing, the old model aside, the new one finished.
        var old = Path.Combine(_dir.Path, $"out.old-{Guid.NewGuid():N}");
        Directory.Move(output, old);
        CopyDirectory(model, Path.Combine(_dir.Path, $".out.tmp-{Guid.NewGuid():N}"));
        Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, Plan, output)); // restored: not empty, no --force
        Assert.Equal(OtherPlan.ComputeHash(), PlanJson.Load(Path.Combine(output, ExportTarget.RecipeFileName)).ComputeHash());
        Assert.Equal(strangers.Order(StringComparer.Ordinal), Leftovers().Order(StringComparer.Ordinal));

        // Killed while deleting the old model after the swap: NAME holds the new model, a partial old one aside.
        var partial = Path.Combine(_dir.Path, $"out.old-{Guid.NewGuid():N}");
        CopyDirectory(model, partial);
        File.Delete(Path.Combine(partial, "config.json"));
        TailoredModelExporter.Export(family, Plan, output, new ExportOptions { Force = true });
        Assert.False(Directory.Exists(partial));
        Assert.Equal(Plan.ComputeHash(), PlanJson.Load(Path.Combine(output, ExportTarget.RecipeFileName)).ComputeHash());
        Assert.Equal(strangers.Order(StringComparer.Ordinal), Leftovers().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ASecondExportOfTheSameTargetIsRefusedWhileTheFirstHoldsTheLock()
    {
        using var family = OpenFamily();
        var output = Path.Combine(_dir.Path, "out");
        using (new FileStream(Path.Combine(_dir.Path, ".out.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            Assert.Contains("Another export is writing", Assert.Throws<ExportException>(() => TailoredModelExporter.Export(family, Plan, output)).Message, StringComparison.Ordinal);
        }

        TailoredModelExporter.Export(family, Plan, output);
        Assert.False(File.Exists(Path.Combine(_dir.Path, ".out.lock")));
    }

    [Fact]
    public void TheStartUpCheckSweepsAKilledExportsLeftoversOnlyWhenNoLiveExportHoldsTheLock()
    {
        using var family = OpenFamily();
        var model = Path.Combine(_dir.Path, "model");
        TailoredModelExporter.Export(family, Plan, model);
        var output = Path.Combine(_dir.Path, "out");

        // What an export killed between its two renames leaves: NAME missing, the old model aside, the new one half
        // written, and its lock file (a killed process never deletes it, the OS only releases the lock).
        var old = Path.Combine(_dir.Path, $"out.old-{Guid.NewGuid():N}");
        CopyDirectory(model, old);
        var tmp = Path.Combine(_dir.Path, $".out.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(tmp);
        File.WriteAllText(Path.Combine(tmp, "model-00001-of-00002.safetensors"), "half");
        File.WriteAllText(Path.Combine(_dir.Path, ".out.lock"), "12345\n");

        // A live export holds the lock: its leftovers are its own, and the check (as `search --export` and `prune` make
        // it before any work) touches nothing.
        using (ExportTarget.Lock(Path.Combine(FilePaths.Canonical(_dir.Path), "out")))
        {
            Assert.Equal(Path.Combine(FilePaths.Canonical(_dir.Path), "out"), ExportTarget.Check(output, [], force: false));
            Assert.True(Directory.Exists(old));
            Assert.True(Directory.Exists(tmp));
            Assert.False(Directory.Exists(output));
        }

        // Nobody holds it: the check sweeps first, so the old model is back at NAME, and then it is the existing output.
        Assert.Contains("already exists and is not empty", Assert.Throws<ExportException>(() => ExportTarget.Check(output, [], force: false)).Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(tmp));
        Assert.False(Directory.Exists(old));
        Assert.Equal(Plan.ComputeHash(), PlanJson.Load(Path.Combine(output, ExportTarget.RecipeFileName)).ComputeHash());
        Assert.Empty(Leftovers());
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
