using GPTailor.Models;

namespace GPTailor.Workflows;

/// <summary>Settings of the demo (the README's first command).</summary>
public sealed class DemoOptions
{
    /// <summary>Output directory.</summary>
    public string OutputDirectory { get; set; } = Path.Combine("out", "demo");

    /// <summary>Where the default family is built or reused; null uses the default cache directory.</summary>
    public string? FamilyDirectory { get; set; }

    /// <summary>Seed of the searches.</summary>
    public int Seed { get; set; }

    /// <summary>Fraction of layers removed (rounded to a layer count).</summary>
    public double RemoveFraction { get; set; } = 0.25;

    /// <summary>Trials of the full GPTailor search.</summary>
    public int Trials { get; set; } = 120;

    /// <summary>Trials of the removal-only search.</summary>
    public int RemovalOnlyTrials { get; set; } = 30;

    /// <summary>Smallest Hyperband budget (calibration questions per skill).</summary>
    public int MinBudget { get; set; } = 33;

    /// <summary>Largest budget (calibration questions per skill).</summary>
    public int MaxBudget { get; set; } = 300;

    /// <summary>Points of the reference initial design evaluated first in each search.</summary>
    public int InitialDesign { get; set; } = 48;

    /// <summary>Top plans of each search scored again on the whole calibration split, the best of which is kept.</summary>
    public int Finalists { get; set; } = 3;

    /// <summary>Calibration sequences per skill given to the single-model baselines.</summary>
    public int BaselineCalibrationPerSkill { get; set; } = 64;

    /// <summary>Questions per forward pass in the searches (the test splits are scored with the scorer's defaults).</summary>
    public int SearchBatchSize { get; set; } = 64;

    /// <summary>Longest sequence in the searches, in tokens (the default family's questions are far shorter).</summary>
    public int SearchMaxLength { get; set; } = 256;

    /// <summary>Compute dtype.</summary>
    public ComputeDType ComputeDType { get; set; } = ComputeDType.Float32;

    /// <summary>Device (resolve a CUDA fallback first with <see cref="ComputeDevice.Resolve(out string?)"/>).</summary>
    public ComputeDevice Device { get; set; } = ComputeDevice.Cpu;

    /// <summary>Makes the progress display of each search (the demo runs two; one that is <see cref="IDisposable"/> is
    /// disposed after its search); null redraws a <see cref="SearchProgressBar"/> on the log.</summary>
    public Func<IProgress<SearchProgress>>? SearchProgress { get; set; }

    /// <summary>Progress of the family build (one that is <see cref="IDisposable"/> is disposed after the build); null
    /// redraws a one-line bar on the log.</summary>
    public IProgress<DefaultFamilyProgress>? FamilyProgress { get; set; }

    /// <summary>Writes the results table (rows, skill names in column order); null writes the Markdown table of
    /// <c>results.md</c> to the log. <c>results.md</c> and <c>results.json</c> are written either way.</summary>
    public Action<IReadOnlyList<DemoRow>, IReadOnlyList<string>>? WriteTable { get; set; }
}
