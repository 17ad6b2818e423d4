namespace GPTailor.Core.Tests;

public sealed class FilePathsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gptailor-paths-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void CanonicalResolvesDotsTrailingSeparatorsAndLinks()
    {
        var real = Directory.CreateDirectory(Path.Combine(_dir, "a", "b")).FullName;
        var link = Path.Combine(_dir, "link");
        Directory.CreateSymbolicLink(link, real);
        var root = FilePaths.Canonical(_dir);
        Assert.Equal(Path.Combine(root, "a", "b"), FilePaths.Canonical(real + "/"));
        Assert.Equal(Path.Combine(root, "a", "b"), FilePaths.Canonical(Path.Combine(_dir, ".", "a", "..", "link")));
        Assert.Equal(Path.Combine(root, "a"), FilePaths.Canonical(Path.Combine(link, "..")));
        Assert.Equal(Path.Combine(root, "a", "b", "new"), FilePaths.Canonical(Path.Combine(link, "new") + "/"));

        var loop = Path.Combine(_dir, "loop");
        File.CreateSymbolicLink(loop, loop);
        Assert.Throws<IOException>(() => FilePaths.Canonical(Path.Combine(loop, "x")));
    }

    [Fact]
    public void NonRegularFileKindNamesWhatAPathIs()
    {
        var file = Path.Combine(_dir, "f.txt");
        File.WriteAllText(file, "x");
        var link = Path.Combine(_dir, "f.link");
        File.CreateSymbolicLink(link, file);
        Assert.Null(FilePaths.NonRegularFileKind(file));
        Assert.Null(FilePaths.NonRegularFileKind(link));
        Assert.Equal("a directory", FilePaths.NonRegularFileKind(_dir));
        Assert.Equal("not found", FilePaths.NonRegularFileKind(Path.Combine(_dir, "missing")));
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal("a character device", FilePaths.NonRegularFileKind("/dev/zero"));
            Assert.Equal("a character device", FilePaths.NonRegularFileKind("/dev/null"));
        }
    }
}
