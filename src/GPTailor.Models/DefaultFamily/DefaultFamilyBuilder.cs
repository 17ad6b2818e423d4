using System.Diagnostics;
using System.Text.RegularExpressions;

namespace GPTailor.Models;

/// <summary>
/// Builds the embedded default family deterministically from a seed with TorchSharp on the CPU: a byte-level BPE
/// tokenizer, a Llama base pretrained on the mixture of all <see cref="Skill"/>s, and one fine-tune per skill
/// (continued training with <see cref="DefaultFamilyOptions.FineTuneSkillShare"/> of its skill, the rest the
/// mixture), in Hugging Face layout, plus per-skill calibration and test multiple-choice tasks whose prompts are never
/// trained on. Builds are cached: the directory carries a marker with the options hash and format version, and a
/// build is made in a temporary sibling directory that is renamed into place only when complete.
/// </summary>
/// <remarks>
/// Layout: <c>family.json</c>, <c>base/</c>, <c>tuned-&lt;skill&gt;/</c> (each with <c>config.json</c>,
/// <c>model.safetensors</c> (float32), <c>tokenizer.json</c>, <c>tokenizer_config.json</c>),
/// <c>tasks/calibration.json</c>, <c>tasks/test.json</c>, <c>tasks/{calibration,test}/&lt;skill&gt;.jsonl</c> and the
/// marker <c>default-family.json</c>.
/// </remarks>
public static class DefaultFamilyBuilder
{
    /// <summary>Version of the on-disk format and of the training recipe; part of the cache key.</summary>
    public const int FormatVersion = 1;

    private const int TokenizerCorpusSize = 4000;

    /// <summary>
    /// The default cache directory: <c>$XDG_CACHE_HOME/gptailor/default-family-v1</c>, or
    /// <c>~/.cache/gptailor/default-family-v1</c> when <c>XDG_CACHE_HOME</c> is not set.
    /// </summary>
    public static string DefaultDirectory
    {
        get
        {
            var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            if (string.IsNullOrWhiteSpace(cache))
            {
                cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            }

            return Path.Combine(cache, "gptailor", $"default-family-v{FormatVersion}");
        }
    }

    /// <summary>The complete build in <paramref name="directory"/> made with <paramref name="options"/>, or null (nothing is built).</summary>
    /// <param name="directory">The family directory.</param>
    /// <param name="options">The options the build must have been made with.</param>
    public static BuiltDefaultFamily? TryOpen(string directory, DefaultFamilyOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return BuildMarker.TryOpen(Path.GetFullPath(directory), CacheKey(options), FormatVersion);
    }

    /// <summary>
    /// Returns the family in <paramref name="directory"/>, building it first unless a complete build with the same
    /// options is there. A directory holding an older build (other options) is replaced; a non-empty directory that
    /// is not a default family is refused.
    /// </summary>
    /// <param name="directory">The family directory (e.g. <see cref="DefaultDirectory"/>).</param>
    /// <param name="options">Sizes, training lengths, seed and question counts.</param>
    /// <param name="progress">Optional progress reports (see <see cref="DefaultFamilyProgress.ToBar"/>).</param>
    /// <param name="cancellationToken">Cancels the build; the partial build is deleted and nothing looks complete.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="IOException">The directory exists, is not empty and is not a default family.</exception>
    /// <exception cref="OperationCanceledException">The build was cancelled.</exception>
    public static async Task<BuiltDefaultFamily> BuildAsync(string directory, DefaultFamilyOptions options, IProgress<DefaultFamilyProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var root = Path.GetFullPath(Path.TrimEndingDirectorySeparator(directory));
        var hash = CacheKey(options);
        SweepStaleBuilds(root);
        if (BuildMarker.TryOpen(root, hash, FormatVersion) is { } existing)
        {
            progress?.Report(new DefaultFamilyProgress("done", 0, 0, 1, null));
            return existing;
        }

        CheckReplaceable(root);
        TorchRuntime.EnsureNativeBackend();
        cancellationToken.ThrowIfCancellationRequested();
        return await Task.Run(() => BuildAndPublish(root, options, hash, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The options hash and the CPU kernels in use (<see cref="TorchRuntime.CpuKernels"/>): a family trained
    /// with other kernels has other float rounding, hence other weights, and is rebuilt rather than reused.</summary>
    private static string CacheKey(DefaultFamilyOptions options) => options.ComputeHash(FormatVersion) + "+" + TorchRuntime.CpuKernels;

    private static BuiltDefaultFamily BuildAndPublish(string root, DefaultFamilyOptions options, string hash, IProgress<DefaultFamilyProgress>? progress, CancellationToken cancellationToken)
    {
        var parent = Path.GetDirectoryName(root) ?? throw new IOException($"'{root}' has no parent directory.");
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(root)}.building-{Environment.ProcessId}-{Guid.NewGuid():N}");

        // Held for the build's life (the OS releases it if the process dies): a later start-up sweeps this folder only
        // when nobody holds it, so a concurrent build's folder is never taken for a killed one's.
        using var owner = ExportTarget.OpenLock(temporary + LockSuffix);
        SweepStaleBuilds(root);
        try
        {
            var previousThreads = TorchSharp.torch.get_num_threads();
            IReadOnlyList<string> skills;
            try
            {
                // One libtorch thread: faster for models this small, and float reductions then never depend on the
                // machine's core count, so the weights are bit-identical everywhere the kernels are (see TorchRuntime).
                TorchSharp.torch.set_num_threads(1);
                skills = BuildInto(temporary, options, hash, progress, cancellationToken);
            }
            finally
            {
                TorchSharp.torch.set_num_threads(previousThreads);
            }

            if (BuildMarker.TryOpen(root, hash, FormatVersion) is { } raced)
            {
                return raced;
            }

            CheckReplaceable(root);
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            Directory.Move(temporary, root);
            progress?.Report(new DefaultFamilyProgress("done", 0, 0, 1, null));
            return BuildMarker.Describe(root, hash, skills, reused: false);
        }
        finally
        {
            if (Directory.Exists(temporary))
            {
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    private const string LockSuffix = ".lock";

    /// <summary>
    /// Deletes what killed builds of <paramref name="root"/> left beside it: <c>.NAME.building-PID-GUID</c> folders whose
    /// lock (<c>.NAME.building-PID-GUID.lock</c>) no live process holds, and such lock files without a folder. A folder
    /// whose lock is held belongs to a running build and is left alone; other names are never touched.
    /// </summary>
    /// <returns>The number of folders deleted.</returns>
    internal static int SweepStaleBuilds(string root)
    {
        var parent = Path.GetDirectoryName(root);
        if (parent is null || !Directory.Exists(parent))
        {
            return 0;
        }

        var pattern = new Regex($"^\\.{Regex.Escape(Path.GetFileName(root))}\\.building-[0-9]+-[0-9a-f]{{32}}({Regex.Escape(LockSuffix)})?$", RegexOptions.CultureInvariant);
        var builds = new DirectoryInfo(parent).EnumerateFileSystemInfos()
            .Where(e => pattern.IsMatch(e.Name))
            .Select(e => e.Name.EndsWith(LockSuffix, StringComparison.Ordinal) ? e.FullName[..^LockSuffix.Length] : e.FullName)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        var swept = 0;
        foreach (var build in builds)
        {
            FileStream lockStream;
            try
            {
                lockStream = ExportTarget.OpenLock(build + LockSuffix);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // a live build holds it
            }

            using (lockStream)
            {
                if (Directory.Exists(build) && new FileInfo(build).LinkTarget is null)
                {
                    Directory.Delete(build, recursive: true);
                    swept++;
                }
            }
        }

        return swept;
    }

    private static void CheckReplaceable(string root)
    {
        if (Directory.Exists(root) && !BuildMarker.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new IOException($"'{root}' exists and is not a default family (no {BuildMarker.FileName}); refusing to replace it.");
        }
    }

    private static IReadOnlyList<string> BuildInto(string root, DefaultFamilyOptions options, string hash, IProgress<DefaultFamilyProgress>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var skills = options.SkillList;
        var names = skills.Select(s => s.Name).ToArray();
        progress?.Report(new DefaultFamilyProgress("data", 0, 0, 0, null));
        var splits = skills.Select((s, i) => SkillSplits.Create(s, i, options)).ToArray();
        var heldOut = splits.SelectMany(s => s.Contexts).ToHashSet(StringComparer.Ordinal);
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Report(new DefaultFamilyProgress("tokenizer", 0, 0, 0, null));
        var baseDirectory = Path.Combine(root, BuildMarker.BaseName);
        var corpusSampler = new TrainingSampler(skills, heldOut, new Random(SeedMixer.Derive(options.Seed, 0, SeedMixer.Tokenizer)));
        var corpus = Enumerable.Range(0, TokenizerCorpusSize).Select(_ => corpusSampler.Next()).Select(e => e.Context + " " + e.Answer).ToArray();
        ByteLevelBpeTrainer.Train(corpus, options.VocabSize, ["<s>", "</s>"], baseDirectory);
        var tokenizer = HfTokenizer.Load(baseDirectory);
        var config = FamilyFiles.Config(options, tokenizer, Math.Max(64, options.SequenceLength));
        var parsedConfig = FamilyFiles.Parse(config);
        var encoder = new ExampleEncoder(tokenizer, options.SequenceLength);
        cancellationToken.ThrowIfCancellationRequested();

        var totalSteps = (double)options.BaseSteps + (skills.Count * (double)options.FineTuneSteps);
        var done = 0;
        Action<int, double> Reporter(string stage, int stageSteps)
        {
            var smoothed = double.NaN;
            var every = Math.Max(1, stageSteps / 100);
            return (step, loss) =>
            {
                smoothed = double.IsNaN(smoothed) ? loss : (0.9 * smoothed) + (0.1 * loss);
                if (step % every == 0 || step == stageSteps)
                {
                    progress?.Report(new DefaultFamilyProgress(stage, step, stageSteps, (done + step) / totalSteps, smoothed));
                }
            };
        }

        using var baseParameters = LlamaParameters.Initialize(parsedConfig, SeedMixer.Derive(options.Seed, 0, SeedMixer.Weights));
        var baseSampler = new TrainingSampler(skills, heldOut, new Random(SeedMixer.Derive(options.Seed, 0, SeedMixer.Training)));
        LanguageModelTrainer.Train(baseParameters, baseSampler, encoder, options.BaseSteps, options.BatchSize, options.LearningRate, Reporter("base", options.BaseSteps), cancellationToken);
        done += options.BaseSteps;
        progress?.Report(new DefaultFamilyProgress("write base", 0, 0, done / totalSteps, null));
        FamilyFiles.WriteModel(baseDirectory, config, baseDirectory, baseParameters);

        for (var j = 0; j < skills.Count; j++)
        {
            using var tuned = baseParameters.Clone();
            var sampler = new TrainingSampler(skills, heldOut, new Random(SeedMixer.Derive(options.Seed, j + 1, SeedMixer.Training)), j, options.FineTuneSkillShare);
            LanguageModelTrainer.Train(tuned, sampler, encoder, options.FineTuneSteps, options.BatchSize, options.FineTuneLearningRate, Reporter("fine-tune " + names[j], options.FineTuneSteps), cancellationToken);
            done += options.FineTuneSteps;
            FamilyFiles.WriteModel(Path.Combine(root, BuildMarker.FineTuneName(names[j])), config, baseDirectory, tuned);
        }

        progress?.Report(new DefaultFamilyProgress("write tasks", 0, 0, 1, null));
        var tasksDirectory = Path.Combine(root, BuildMarker.TasksDirectory);
        FamilyFiles.WriteTaskSet(tasksDirectory, BuildMarker.CalibrationSplit, splits.Select(s => (s.Skill.Name, s.Calibration)));
        FamilyFiles.WriteTaskSet(tasksDirectory, BuildMarker.TestSplit, splits.Select(s => (s.Skill.Name, s.Test)));
        FamilyManifest.FromDirectories(names.Select(n => Path.Combine(root, BuildMarker.FineTuneName(n))).Prepend(baseDirectory).ToArray())
            .Save(Path.Combine(root, BuildMarker.FamilyFile));
        File.WriteAllText(Path.Combine(root, "build-info.txt"), FormattableString.Invariant($"seconds {watch.Elapsed.TotalSeconds:F1}\nthreads {TorchSharp.torch.get_num_threads()}\ncpu_kernels {TorchRuntime.CpuKernels}\n"));
        BuildMarker.Write(root, hash, FormatVersion, names);
        return names;
    }
}
