using System.IO.Compression;
using System.Xml.Linq;

namespace GPTailor.Packaging.Tests;

/// <summary>Reads a .nupkg / .snupkg: its entries and its nuspec metadata.</summary>
internal sealed class PackageFile : IDisposable
{
    private readonly ZipArchive _zip;

    public PackageFile(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not produced");
        _zip = ZipFile.OpenRead(path);
    }

    public IEnumerable<string> Entries => _zip.Entries.Select(e => e.FullName);

    public bool Has(string name) => _zip.GetEntry(name) is not null;

    public byte[] ReadBytes(string name)
    {
        var entry = _zip.GetEntry(name);
        Assert.True(entry is not null, $"the package has no {name}");
        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    public string ReadText(string name) => System.Text.Encoding.UTF8.GetString(ReadBytes(name)).TrimStart('\uFEFF');

    /// <summary>The nuspec's &lt;metadata&gt; element.</summary>
    public XElement Metadata()
    {
        var nuspec = Entries.Single(e => !e.Contains('/') && e.EndsWith(".nuspec", StringComparison.Ordinal));
        return XDocument.Parse(ReadText(nuspec)).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
    }

    public static string? Element(XElement metadata, string name) =>
        metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    public static string? Dependency(XElement metadata, string id) =>
        metadata.Descendants().Where(e => e.Name.LocalName == "dependency" && (string?)e.Attribute("id") == id)
            .Select(e => (string?)e.Attribute("version")).SingleOrDefault();

    public void Dispose() => _zip.Dispose();
}
