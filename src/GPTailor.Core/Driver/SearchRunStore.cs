using System.Text.Json;
using System.Text.Json.Nodes;

namespace GPTailor;

/// <summary>
/// The run directory of a search: <c>run.json</c> (the search's fingerprint; a resume must match it), the journal
/// (<c>journal.jsonl</c>, read on resume, appended after every finished trial and batch), <c>state.json</c> (the
/// scheduler's and scalarizer's state as nested JSON objects, replaced atomically after every batch) and the outputs.
/// The store holds the directory's <see cref="RunDirectoryLock"/> from construction to disposal: one writer at a time.
/// </summary>
internal sealed class SearchRunStore : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly RunDirectoryLock _lock;
    private SearchJournal? _journal;

    /// <summary>
    /// Creates <paramref name="directory"/> if needed (unless <paramref name="resume"/>) and takes its lock; nothing else
    /// is read or written until <see cref="Start"/> or <see cref="Resume"/>.
    /// </summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="resume">The directory must exist already (a resume of a missing directory is an error, not a new run).</param>
    /// <exception cref="SearchFailedException">Another search holds the directory, or there is nothing to resume.</exception>
    public SearchRunStore(string directory, bool resume = false)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Layout = new RunDirectoryLayout(directory);
        if (resume && !File.Exists(Layout.Run))
        {
            throw NothingToResume();
        }

        Directory.CreateDirectory(directory);
        _lock = RunDirectoryLock.Acquire(Layout);

        // With the lock held, a state file a killed writer left half-written under its temporary name is its own
        // leftover: remove it (the last complete state.json is kept).
        File.Delete(TemporaryState);
    }

    private string TemporaryState => Layout.State + ".tmp";

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
            throw new SearchFailedException($"{Layout.Directory} already holds a search journal; continue it with --resume (SearchRequest.Resume) or choose another directory.");
        }

        WriteFingerprint(fingerprint);
        _journal = SearchJournal.Open(Layout.Journal);
    }

    /// <summary>Bytes of a torn journal tail cut off by <see cref="Resume"/> (0 when the journal ended cleanly).</summary>
    public long RemovedTailBytes => _journal?.RemovedTailBytes ?? 0;

    /// <summary>
    /// Resumes a run: checks <c>run.json</c> against <paramref name="fingerprint"/>, restores the scheduler's and
    /// scalarizer's state from <c>state.json</c> when there is one, reads the journal (every line but a torn last one
    /// must be valid) and opens it for appending, a torn last line cut off first.
    /// </summary>
    /// <returns>The journal's trials, in journal (completion) order.</returns>
    /// <exception cref="SearchFailedException">
    /// The directory holds no <c>run.json</c>, belongs to a different search (every difference is listed) or to another
    /// run directory format, or a file is malformed.
    /// </exception>
    public IReadOnlyList<TrialRecord> Resume(JsonObject fingerprint, ITrialScheduler scheduler, IScalarizer scalarizer)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        ArgumentNullException.ThrowIfNull(scheduler);
        ArgumentNullException.ThrowIfNull(scalarizer);
        if (!File.Exists(Layout.Run))
        {
            throw NothingToResume();
        }

        CheckFingerprint(fingerprint);

        if (File.Exists(Layout.State))
        {
            LoadState(scheduler, scalarizer);
        }

        var trials = SearchJournal.Read(Layout.Journal); // validates every line; a torn last line is ignored here...
        _journal = SearchJournal.Open(Layout.Journal); // ...and cut off here, before anything is appended after it
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
        File.WriteAllText(TemporaryState, state.ToJsonString());
        File.Move(TemporaryState, Layout.State, overwrite: true);
    }

    /// <summary>Writes <c>best_plan.json</c>, <c>pareto.json</c> and <c>trials.csv</c>.</summary>
    public void WriteOutputs(SearchResult result) => SearchOutputs.Write(result, Layout);

    /// <inheritdoc />
    public void Dispose()
    {
        _journal?.Dispose();
        _lock.Dispose();
    }

    private void WriteFingerprint(JsonObject fingerprint) => File.WriteAllText(Layout.Run, fingerprint.ToJsonString(Indented));

    private void CheckFingerprint(JsonObject fingerprint)
    {
        var stored = ReadObject(Layout.Run);
        var format = stored["format"] is JsonValue f && f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : "(missing)";
        if (format != RunFingerprint.Format)
        {
            throw OtherFormat(Layout.Run, format);
        }

        var differences = RunFingerprint.Differences(stored, fingerprint);
        if (differences.Count == 0)
        {
            return;
        }

        var unrecorded = RunFingerprint.Unrecorded(stored, fingerprint);
        if (unrecorded.Count > 0 && differences.All(d => unrecorded.Any(u => d.StartsWith(u, StringComparison.Ordinal) && d.Contains(": (absent) → ", StringComparison.Ordinal))))
        {
            throw new SearchFailedException(
                $"{Layout.Run} was written by an earlier version of GPTailor that did not record {string.Join(", ", unrecorded)}; " +
                "whether this is the same search cannot be checked, so it is not resumed. Start a new run directory.");
        }

        throw new SearchFailedException(
            $"{Layout.Run} describes a different search; refusing to resume it with --resume. What differs (recorded → requested):" +
            string.Concat(differences.Select(d => Environment.NewLine + "  " + d)) + Environment.NewLine +
            "Resume with the original settings, or start the new search in another directory.");
    }

    private SearchFailedException NothingToResume() => new(
        Directory.Exists(Layout.Directory)
            ? $"Nothing to resume: {Layout.Directory} holds no run.json. Drop --resume to start a new search there."
            : $"Nothing to resume: the run directory {Layout.Directory} does not exist. Drop --resume to start a new search.");

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
        try
        {
            scheduler.LoadState(schedulerState);
            if (state["scalarizer"] is { } scalarizerState)
            {
                scalarizer.LoadState(scalarizerState);
            }
        }
        catch (FormatException ex) // the documented error of every state loader: a field missing, of the wrong kind or out of range
        {
            throw new SearchFailedException($"{Layout.State}: the saved search state is malformed ({ex.Message}); it cannot be resumed. Start a new run directory.", ex);
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
