using GPTailor.Core.Tests;

namespace GPTailor.Models.Tests;

/// <summary>
/// Issue 11 item 7 for the model readers: the safetensors index, a sentencepiece <c>tokenizer.model</c> and the files
/// a member's fingerprint hashes must be regular files. A device (<c>/dev/zero</c> reports length 0, so the old size
/// checks passed and the read never ended), a FIFO (the old open blocked) or a directory is refused before it is opened,
/// with a typed error naming the file.
/// </summary>
public sealed class NonRegularModelFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ASafetensorsIndexThatIsADeviceIsRefusedNamingTheIndex()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var index = _dir.File("model.safetensors.index.json");
        File.CreateSymbolicLink(index, "/dev/zero");
        var ex = Assert.Throws<SafetensorsFormatException>(() => SafetensorsCheckpoint.Open(_dir.Path));
        Assert.Equal(index, ex.FilePath);
        Assert.Contains("the safetensors index is a character device, not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASafetensorsIndexThatIsAFifoIsRefusedWithoutBlocking()
    {
        var index = _dir.File("model.safetensors.index.json");
        if (!OperatingSystem.IsLinux() || !NonRegularFiles.TryMakeFifo(index))
        {
            return;
        }

        var ex = await NonRegularFiles.ThrowsWithoutBlocking(() => SafetensorsCheckpoint.Open(_dir.Path).Dispose(), index);
        Assert.IsType<SafetensorsFormatException>(ex);
        Assert.Contains("FIFO (named pipe), not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATokenizerModelThatIsADeviceIsRefusedNamingTheFile()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var model = _dir.File("tokenizer.model");
        File.CreateSymbolicLink(model, "/dev/zero");
        var ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(_dir.Path));
        Assert.Equal(model, ex.FilePath);
        Assert.Equal("the tokenizer file is a character device, not a regular file; only regular files are read", ex.Reason);
    }

    [Fact]
    public async Task ATokenizerModelThatIsAFifoIsRefusedWithoutBlocking()
    {
        var model = _dir.File("tokenizer.model");
        if (!OperatingSystem.IsLinux() || !NonRegularFiles.TryMakeFifo(model))
        {
            return;
        }

        var ex = await NonRegularFiles.ThrowsWithoutBlocking(() => HfTokenizer.Load(_dir.Path), model);
        Assert.IsType<TokenizerFormatException>(ex);
        Assert.Contains("FIFO (named pipe), not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATokenizerJsonThatIsADirectoryIsNamedAsSuch()
    {
        Directory.CreateDirectory(_dir.File("tokenizer.json"));
        var ex = Assert.Throws<FileNotFoundException>(() => HfTokenizer.Load(_dir.Path));
        Assert.Equal($"'{_dir.File("tokenizer.json")}' is a directory, but a tokenizer.json must be a regular file.", ex.Message);
    }

    [Fact]
    public void AMemberFileThatIsADeviceIsRefusedBeforeHashing()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        _dir.Write("config.json", "{}");
        var shard = _dir.File("model.safetensors");
        File.CreateSymbolicLink(shard, "/dev/zero");

        // Before: /dev/zero read as an 8-byte header length of 0, then a negative read size (OverflowException).
        var ex = Assert.Throws<IOException>(() => MemberContentHash.Of(_dir.Path, [shard]));
        Assert.StartsWith($"{shard}: the member's safetensors file is a character device, not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMemberConfigThatIsAFifoIsRefusedWithoutBlocking()
    {
        var config = _dir.File("config.json");
        if (!OperatingSystem.IsLinux() || !NonRegularFiles.TryMakeFifo(config))
        {
            return;
        }

        var ex = await NonRegularFiles.ThrowsWithoutBlocking(() => MemberContentHash.Of(_dir.Path, []), config);
        Assert.IsType<IOException>(ex);
        Assert.StartsWith($"{config}: the member's config.json is a FIFO (named pipe), not a regular file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMemberFileThatIsADirectoryIsNamedAsSuch()
    {
        _dir.Write("config.json", "{}");
        var shard = Directory.CreateDirectory(_dir.File("model.safetensors")).FullName;
        var ex = Assert.Throws<FileNotFoundException>(() => MemberContentHash.Of(_dir.Path, [shard]));
        Assert.Contains("but that is a directory", ex.Message, StringComparison.Ordinal);
    }
}
