using GPTailor.Datasets;

namespace GPTailor.Models;

/// <summary>One task's score (its objective) and its lm-eval-style lines (the task, or a group then its members).</summary>
/// <param name="Score">The objective: the task's metric on its top line.</param>
/// <param name="Version">The task's version (lm-eval's for benchmarks; <c>N/A</c> for the JSONL kinds).</param>
/// <param name="Rows">The lines, a group before its members.</param>
public sealed record TaskReport(TaskScore Score, string Version, IReadOnlyList<BenchmarkRow> Rows);
