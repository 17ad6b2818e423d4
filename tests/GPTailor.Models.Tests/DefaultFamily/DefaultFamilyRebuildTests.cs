
namespace GPTailor.Models.Tests;

public sealed class DefaultFamilyRebuildTests : IDisposable
{
    private static readonly DefaultFamilyOptions Tiny = TinyFamilyFixture.Options with { BaseSteps = 6, FineTuneSteps = 2, CalibrationQuestions = 8, TestQuestions = 8 };

    private readonly string _root = Path.Combine(Path.GetTempPath(), "gptailor-default-family-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task Same_seed_gives_identical_files_and_another_seed_replaces_the_build()
    {
        var first = await DefaultFamilyBuilder.BuildAsync(Path.Combine(_root, "a"), Tiny);
        var second = await DefaultFamilyBuilder.BuildAsync(Path.Combine(_root, "b"), Tiny);
        foreach (var relative in RelativeFiles(first.Directory))
        {
            Assert.True(File.ReadAllBytes(Path.Combine(first.Directory, relative)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(second.Directory, relative))), relative);
        }

        var reseeded = await DefaultFamilyBuilder.BuildAsync(first.Directory, Tiny with { Seed = 99 });
        Assert.False(reseeded.Reused);
        Assert.NotEqual(first.OptionsHash, reseeded.OptionsHash);
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(second.BaseDirectory, "model.safetensors")), File.ReadAllBytes(Path.Combine(reseeded.BaseDirectory, "model.safetensors")));
        Assert.NotEqual(File.ReadAllBytes(second.TestTasksPath.Replace("test.json", "test/sort.jsonl", StringComparison.Ordinal)), File.ReadAllBytes(reseeded.TestTasksPath.Replace("test.json", "test/sort.jsonl", StringComparison.Ordinal)));
        Assert.Null(DefaultFamilyBuilder.TryOpen(first.Directory, Tiny));
        Assert.Equal(["a", "b"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Cancelling_leaves_nothing_that_looks_complete()
    {
        using var cancel = new CancellationTokenSource();
        var target = Path.Combine(_root, "family");
        var progress = new SyncProgress<DefaultFamilyProgress>(p =>
        {
            if (p.Stage.StartsWith("fine-tune", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DefaultFamilyBuilder.BuildAsync(target, Tiny, progress, cancel.Token));
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.GetFileSystemEntries(_root));
        Assert.Null(DefaultFamilyBuilder.TryOpen(target, Tiny));
    }

    [Fact]
    public async Task A_non_empty_foreign_directory_is_refused_and_left_alone()
    {
        var target = Path.Combine(_root, "mine");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "notes.txt"), "keep me");
        await Assert.ThrowsAsync<IOException>(() => DefaultFamilyBuilder.BuildAsync(target, Tiny));
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(target, "notes.txt")));
    }

    [Fact]
    public async Task A_build_with_a_damaged_file_is_not_complete_and_is_rebuilt()
    {
        var built = await DefaultFamilyBuilder.BuildAsync(Path.Combine(_root, "f"), Tiny);
        File.Delete(Path.Combine(built.FineTuneDirectories[1], "model.safetensors"));
        Assert.Null(DefaultFamilyBuilder.TryOpen(built.Directory, Tiny));
        var rebuilt = await DefaultFamilyBuilder.BuildAsync(built.Directory, Tiny);
        Assert.False(rebuilt.Reused);
        Assert.True(File.Exists(Path.Combine(rebuilt.FineTuneDirectories[1], "model.safetensors")));
    }

    [Theory]
    [InlineData(nameof(DefaultFamilyOptions.Heads), 3)]
    [InlineData(nameof(DefaultFamilyOptions.KvHeads), 3)]
    [InlineData(nameof(DefaultFamilyOptions.VocabSize), 100)]
    [InlineData(nameof(DefaultFamilyOptions.Layers), 0)]
    [InlineData(nameof(DefaultFamilyOptions.SequenceLength), 4)]
    public async Task Invalid_options_are_rejected_before_anything_is_written(string option, int value)
    {
        var options = option switch
        {
            nameof(DefaultFamilyOptions.Heads) => Tiny with { Heads = value },
            nameof(DefaultFamilyOptions.KvHeads) => Tiny with { KvHeads = value },
            nameof(DefaultFamilyOptions.VocabSize) => Tiny with { VocabSize = value },
            nameof(DefaultFamilyOptions.Layers) => Tiny with { Layers = value },
            _ => Tiny with { SequenceLength = value },
        };
        var target = Path.Combine(_root, "x");
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => DefaultFamilyBuilder.BuildAsync(target, options));
        Assert.False(Directory.Exists(_root));
    }

    [Fact]
    public void Default_directory_is_versioned_and_under_the_user_cache()
    {
        Assert.EndsWith(Path.Combine("gptailor", "default-family-v" + DefaultFamilyBuilder.FormatVersion), DefaultFamilyBuilder.DefaultDirectory, StringComparison.Ordinal);
    }

    private static IEnumerable<string> RelativeFiles(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => f != "build-info.txt");
}
