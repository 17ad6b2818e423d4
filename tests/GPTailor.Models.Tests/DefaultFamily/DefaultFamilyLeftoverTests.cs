namespace GPTailor.Models.Tests;

/// <summary>
/// A build of the default family killed midway leaves its <c>.NAME.building-PID-GUID</c> folder (a kill skips the
/// clean-up) and the lock file it held. The next build sweeps such folders at start-up, only those whose lock no live
/// process holds; a running build's folder and other names are left alone.
/// </summary>
public sealed class DefaultFamilyLeftoverTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task StartUpSweepsKilledBuildsButNotALiveOneOrOtherNames()
    {
        var root = _dir.File("family");
        var killed = PlantBuild($".family.building-4242-{Guid.NewGuid():N}", withLockFile: true);
        var killedEarly = PlantBuild($".family.building-4243-{Guid.NewGuid():N}", withLockFile: false);
        var live = PlantBuild($".family.building-{Environment.ProcessId}-{Guid.NewGuid():N}", withLockFile: false);
        var orphanLock = _dir.Write($".family.building-4244-{Guid.NewGuid():N}.lock", string.Empty);
        var strangers = new[] { PlantBuild(".family.building-mine", withLockFile: false), PlantBuild($".other.building-4242-{Guid.NewGuid():N}", withLockFile: false) };

        // The root holds a user's file, so the build itself is refused right after the start-up sweep (no training).
        Directory.CreateDirectory(root);
        _dir.Write("family/notes.txt", "mine");
        using (ExportTarget.OpenLock(live + ".lock"))
        {
            await Assert.ThrowsAsync<IOException>(() => DefaultFamilyBuilder.BuildAsync(root, new DefaultFamilyOptions()));
            Assert.False(Directory.Exists(killed));
            Assert.False(File.Exists(killed + ".lock"));
            Assert.False(Directory.Exists(killedEarly));
            Assert.False(File.Exists(orphanLock));
            Assert.True(File.Exists(Path.Combine(live, "model.safetensors")));
            Assert.All(strangers, s => Assert.True(Directory.Exists(s)));
        }

        // Its holder gone (as when the process dies), the live build's folder is a leftover too.
        Assert.Equal(1, DefaultFamilyBuilder.SweepStaleBuilds(root));
        Assert.False(Directory.Exists(live));
        Assert.Equal(strangers.Select(Path.GetFileName).Append("family").Order(StringComparer.Ordinal), Directory.EnumerateFileSystemEntries(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("mine", File.ReadAllText(_dir.File("family/notes.txt")));
    }

    private string PlantBuild(string name, bool withLockFile)
    {
        var folder = Directory.CreateDirectory(_dir.File(name)).FullName;
        File.WriteAllText(Path.Combine(folder, "model.safetensors"), "half-written");
        if (withLockFile)
        {
            File.WriteAllText(folder + ".lock", string.Empty);
        }

        return folder;
    }
}
