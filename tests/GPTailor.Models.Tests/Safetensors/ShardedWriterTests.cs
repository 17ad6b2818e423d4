using System.Text.Json;
using TorchSharp;

namespace GPTailor.Models.Tests;

public sealed class ShardedWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ShardsFollowTheSizeLimitAndReadBackEqual()
    {
        using var scope = torch.NewDisposeScope();
        // Five f32 tensors of 100 elements (400 bytes) with a 1000-byte limit: two per shard -> 2 + 2 + 1.
        var tensors = Enumerable.Range(0, 5).ToDictionary(
            i => $"model.layers.{i}.w", i => torch.arange(100, dtype: torch.ScalarType.Float32).add(1000 * i));
        var written = ShardedSafetensorsWriter.Write(_dir.Path, tensors, 1000);

        string[] shardNames = ["model-00001-of-00003.safetensors", "model-00002-of-00003.safetensors", "model-00003-of-00003.safetensors"];
        Assert.Equal([.. shardNames.Select(_dir.File), _dir.File("model.safetensors.index.json")], written);
        Assert.Equal(
            [.. shardNames, "model.safetensors.index.json"],
            Directory.EnumerateFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        using var index = JsonDocument.Parse(File.ReadAllText(_dir.File("model.safetensors.index.json")));
        Assert.Equal(2000, index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        var weightMap = index.RootElement.GetProperty("weight_map").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(5, weightMap.Count);
        Assert.Equal(shardNames[0], weightMap["model.layers.0.w"]);
        Assert.Equal(shardNames[0], weightMap["model.layers.1.w"]);
        Assert.Equal(shardNames[1], weightMap["model.layers.2.w"]);
        Assert.Equal(shardNames[1], weightMap["model.layers.3.w"]);
        Assert.Equal(shardNames[2], weightMap["model.layers.4.w"]);

        using (var shard = SafetensorsFile.Open(_dir.File(shardNames[1])))
        {
            Assert.Equal(["model.layers.2.w", "model.layers.3.w"], shard.TensorNames);
            Assert.Equal("pt", shard.Metadata["format"]);
        }

        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);
        Assert.Equal(tensors.Keys.Order(StringComparer.Ordinal), checkpoint.TensorNames.Order(StringComparer.Ordinal));
        foreach (var (name, expected) in tensors)
        {
            Assert.Equal(expected.data<float>().ToArray(), checkpoint.ReadTensor(name).data<float>().ToArray());
        }
    }

    [Fact]
    public void OversizedTensorGetsItsOwnShard()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = new Dictionary<string, torch.Tensor>
        {
            ["a"] = torch.zeros(10, dtype: torch.ScalarType.Int8),
            ["b"] = torch.zeros(50, dtype: torch.ScalarType.Int8),
            ["c"] = torch.zeros(10, dtype: torch.ScalarType.Int8),
        };
        ShardedSafetensorsWriter.Write(_dir.Path, tensors, 30);
        using var index = JsonDocument.Parse(File.ReadAllText(_dir.File("model.safetensors.index.json")));
        var weightMap = index.RootElement.GetProperty("weight_map");
        Assert.Equal("model-00001-of-00003.safetensors", weightMap.GetProperty("a").GetString());
        Assert.Equal("model-00002-of-00003.safetensors", weightMap.GetProperty("b").GetString());
        Assert.Equal("model-00003-of-00003.safetensors", weightMap.GetProperty("c").GetString());
    }

    [Fact]
    public void SingleShardIsModelSafetensorsWithoutIndexAndStaleFilesAreRemoved()
    {
        using var scope = torch.NewDisposeScope();
        var tensors = Enumerable.Range(0, 4).ToDictionary(i => $"w{i}", i => torch.full(8, (float)i));
        ShardedSafetensorsWriter.Write(_dir.Path, tensors, 40);
        Assert.Equal(4, Directory.EnumerateFiles(_dir.Path, "model-*-of-00004.safetensors").Count());
        File.WriteAllText(_dir.File("config.json"), "{}");

        var written = ShardedSafetensorsWriter.Write(_dir.Path, tensors, ByteSize.Parse("1MB"));
        Assert.Equal([_dir.File("model.safetensors")], written);
        Assert.Equal(["config.json", "model.safetensors"], Directory.EnumerateFiles(_dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        ShardedSafetensorsWriter.Write(_dir.Path, tensors, 64);
        Assert.False(File.Exists(_dir.File("model.safetensors")));
        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);
        Assert.Equal(2, ((SafetensorsCheckpoint)checkpoint).Files.Count);
        Assert.Equal(3f, checkpoint.ReadTensor("w3")[7].item<float>());
    }

    [Fact]
    public void StreamingShardedWriteLeavesNoLiveTensors()
    {
        var specs = Enumerable.Range(0, 6).Select(i => new TensorSpec($"t{i}", torch.ScalarType.BFloat16, [4, 4])).ToArray();
        var before = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        ShardedSafetensorsWriter.Write(_dir.Path, specs, name => torch.full(4, 4, float.Parse(name[1..]), dtype: torch.ScalarType.BFloat16), 64);
        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);

        using var checkpoint = SafetensorsCheckpoint.Open(_dir.Path);
        for (var i = 0; i < 6; i++)
        {
            using var t = checkpoint.ReadTensor($"t{i}", torch.ScalarType.Float32);
            Assert.All(t.data<float>().ToArray(), v => Assert.Equal(i, v));
        }

        Assert.Equal(before, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Theory]
    [InlineData("2GB", 2_000_000_000L)]
    [InlineData("500MB", 500_000_000L)]
    [InlineData("5kb", 5_000L)]
    [InlineData("1GiB", 1_073_741_824L)]
    [InlineData("1.5KiB", 1_536L)]
    [InlineData(" 10 MiB ", 10_485_760L)]
    [InlineData("123", 123L)]
    [InlineData("7B", 7L)]
    public void ByteSizesParse(string text, long expected) => Assert.Equal(expected, ByteSize.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("GB")]
    [InlineData("abc")]
    [InlineData("-1GB")]
    [InlineData("0")]
    [InlineData("0.1B")]
    [InlineData("1XB")]
    [InlineData("99999999999TB")]
    public void BadByteSizesThrowFormatException(string text) => Assert.Throws<FormatException>(() => ByteSize.Parse(text));
}
