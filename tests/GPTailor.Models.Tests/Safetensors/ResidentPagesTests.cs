using System.Globalization;
using System.IO.MemoryMappedFiles;
using TorchSharp;

namespace GPTailor.Models.Tests;

/// <summary>
/// Reading a tensor out of a mapped safetensors file hands the mapped pages back (<c>madvise(MADV_DONTNEED)</c>), so a
/// search over a family of large members does not hold every member's bytes in its resident set. Linux only, like CI.
/// </summary>
public sealed class ResidentPagesTests : IDisposable
{
    private const long Bytes = 64L << 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("gptailor-resident-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void TouchingAMappingRaisesRssFile()
    {
        // The control for the test below: the measure sees mapped pages that are read and not handed back.
        Assert.True(OperatingSystem.IsLinux());
        var path = WriteFile();
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var before = RssFile();
        long sum = 0;
        for (long i = 0; i < Bytes; i += 4096)
        {
            sum += view.ReadByte(i);
        }

        var after = RssFile();
        Assert.True(sum > 0);
        Assert.True(after - before >= Bytes / 2, $"touching {Bytes >> 20} MiB raised RssFile by only {(after - before) >> 20} MiB");
    }

    [Fact]
    public void ReadTensorLeavesNoMappedPagesResident()
    {
        Assert.True(OperatingSystem.IsLinux());
        var path = WriteFile();
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        using (var scope = torch.NewDisposeScope())
        {
            using var file = SafetensorsFile.Open(path);
            var before = RssFile();
            var tensor = file.ReadTensor("w");
            var after = RssFile();
            Assert.True(after - before < 16L << 20, $"RssFile grew by {(after - before) >> 20} MiB reading a {Bytes >> 20} MiB tensor");
            Assert.True(tensor.eq(Expected()).all().item<bool>());
            Assert.True(file.ReadTensor("w").eq(Expected()).all().item<bool>()); // read again: the dropped pages fault back in unchanged
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static torch.Tensor Expected() => (torch.arange(Bytes, dtype: torch.ScalarType.Int64) % 251).to(torch.ScalarType.Byte);

    private string WriteFile()
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(_dir, "m.safetensors");
        SafetensorsWriter.Write(path, new Dictionary<string, torch.Tensor> { ["w"] = Expected() });
        return path;
    }

    private static long RssFile()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("RssFile:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
