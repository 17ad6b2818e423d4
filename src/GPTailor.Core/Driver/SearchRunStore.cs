using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// The run directory of a search: <c>run.json</c> (the search's fingerprint; a resume must match it), the journal
/// (<c>journal.jsonl</c>, read on resume, appended after every finished trial and batch), <c>state.json</c> (the
/// scheduler's and scalarizer's state as nested JSON objects, replaced atomically after every batch) and the outputs.
/// </summary>
internal sealed class SearchRunStore : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private SearchJournal? _journal;

    /// <summary>Creates <paramref name="directory"/> if needed; nothing is read or written until <see cref="Start"/> or <see cref="Resume"/>.</summary>
    public SearchRunStore(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        Layout = new RunDirectoryLayout(directory);
    }

    /// <summary>The files of the run directory.</summary>
    public RunDirectoryLayout Layout { get; }

    private SearchJournal Journal => _journal ?? throw new InvalidOperationException("Start or resume the run before writing to its journal.");

    /// <summary>Starts a new run: writes <c>run.json</c> and opens the journal.</summary>
    /// <exception cref="SearchFailedException">The directory already holds a journal.</exception>
    public void Start(JsonObject fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (File.Exists(Layout.Journal) && new FileInfo(Layout.Journal).Length > 0)
        {
            throw new SearchFailedException($"{Layout.Directory} already holds a search journal; pass resume to continue it or choose another directory.");
        }

        WriteFingerprint(fingerprint);
        _journal = SearchJournal.Open(Layout.Journal);
    }

    /// <summary>
    /// Resumes a run: checks <c>run.json</c> against <paramref name="fingerprint"/> (writing it when missing), restores
    /// the scheduler's and scalarizer's state from <c>state.json</c> when there is one, reads the journal and opens it
    /// for appending.
    /// </summary>
    /// <returns>The journal's trials, in journal (completion) order.</returns>
    /// <exception cref="SearchFailedException">
    /// The directory belongs to a different search or to another run directory format, or a file is malformed.
    /// </exception>
    public IReadOnlyList<TrialRecord> Resume(JsonObject fingerprint, ITrialScheduler scheduler, IScalarizer scalarizer)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(scalarizer);
        if (File.Exists(Layout.Run))
        {
            CheckFingerprint(fingerprint);
        }
        else
        {
            WriteFingerprint(fingerprint);
        }

        if (File.Exists(Layout.State))
        {
            LoadState(scheduler, scalarizer);
        }

        var trials = SearchJournal.Read(Layout.Journal); // before opening: a torn last line is ignored, not truncated first
        _journal = SearchJournal.Open(Layout.Journal);
        return trials;
    }

    /// <summary>Appends a finished trial to the journal (thread-safe).</summary>
    public void AppendTrial(TrialRecord record) => Journal.AppendTrial(record);

    /// <summary>Appends the scalarised values of a completed batch to the journal.</summary>
    public void AppendBatch(IReadOnlyDictionary<long, double> values) => Journal.AppendBatch(values);

    /// <summary>Replaces <c>state.json</c> (write to a temporary file, then move) with the scheduler's and scalarizer's state.</summary>
    public void SaveState(ITrialScheduler scheduler, IScalarizer scalarizer)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(scalarizer);
        var state = new JsonObject
        {
            ["format"] = RunFingerprint.Format,
            ["scheduler"] = scheduler.SaveState(),
            ["scalarizer"] = scalarizer.SaveState(),
        };
        var temp = Layout.State + ".tmp";
        File.WriteAllText(temp, state.ToJsonString());
        File.Move(temp, Layout.State, overwrite: true);
    }

    /// <summary>Writes <c>best_plan.json</c>, <c>pareto.json</c> and <c>trials.csv</c>.</summary>
    public void WriteOutputs(SearchResult result) => SearchOutputs.Write(result, Layout);

    /// <inheritdoc />
    public void Dispose() => _journal?.Dispose();

    private void WriteFingerprint(JsonObject fingerprint) => File.WriteAllText(Layout.Run, fingerprint.ToJsonString(Indented));

    private void CheckFingerprint(JsonObject fingerprint)
    {
        var stored = ReadObject(Layout.Run);
        var format = stored["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : "(missing)";
        if (format != RunFingerprint.Format)
        {
            throw OtherFormat(Layout.Run, format);
        }

        if (stored.ToJsonString() != fingerprint.ToJsonString())
        {
            throw new SearchFailedException($"{Layout.Run} describes a different search (space, optimizer, tasks or seed differ); refusing to resume into it.");
        }
    }

    private void LoadState(ITrialScheduler scheduler, IScalarizer scalarizer)
    {
        var state = ReadObject(Layout.State);
        var format = state["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>()
            : state["scheduler"]?.GetValueKind() == JsonValueKind.String ? "gptailor-run/1" // version 1 kept the state as strings
            : "(missing)";
        if (format != RunFingerprint.Format)
        {
            throw OtherFormat(Layout.State, format);
        }

        var schedulerState = state["scheduler"] ?? throw new SearchFailedException($"{Layout.State} holds no scheduler state.");
        scheduler.LoadState(schedulerState);
        if (state["scalarizer"] is { } scalarizerState)
        {
            scalarizer.LoadState(scalarizerState);
        }
    }

    /// <summary>run.json and state.json are refused above this size (a CMA-ES state of a 200-dimensional search is ~2 MB).</summary>
    private const long MaxRunFileBytes = 256L * 1024 * 1024;

    private static JsonObject ReadObject(string path) =>
        new BoundedJsonFile(path, System.IO.Path.GetFileName(path), MaxRunFileBytes, (file, reason, inner) => new SearchFailedException($"{file}: {reason}", inner)).ReadObject();

    private static SearchFailedException OtherFormat(string path, string format) => new(
        $"{path} belongs to a run directory of format \"{format}\"; this version of GPTailor resumes \"{RunFingerprint.Format}\" only " +
        "(state.json now holds the optimizer's state as JSON objects). Start a new run directory.");
}
