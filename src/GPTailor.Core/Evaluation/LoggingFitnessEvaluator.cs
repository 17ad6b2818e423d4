using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GPTailor;

/// <summary>Logs every evaluation (plan hash, budget, scores, time) at debug level and failures as warnings.</summary>
/// <param name="innerEvaluator">The evaluator whose calls are logged.</param>
/// <param name="logger">The logger.</param>
public sealed partial class LoggingFitnessEvaluator(IFitnessEvaluator innerEvaluator, ILogger logger) : DelegatingFitnessEvaluator(innerEvaluator)
{
    /// <inheritdoc />
    public override async Task<TaskScores> EvaluateAsync(TailoringPlan plan, EvaluationBudget budget, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var watch = Stopwatch.StartNew();
        try
        {
            var scores = await InnerEvaluator.EvaluateAsync(plan, budget, cancellationToken).ConfigureAwait(false);
            if (logger.IsEnabled(LogLevel.Debug))
            {
                LogEvaluated(logger, plan.ComputeHash()[..12], budget.Documents, string.Join(", ", scores.Scores.Select(s => $"{s.Task}={s.Value:G5}")), watch.Elapsed.TotalSeconds);
            }

            return scores;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, plan.ComputeHash()[..12], budget.Documents, ex.Message);
            throw;
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Debug, Message = "Plan {Plan} at {Documents} documents: {Scores} ({Seconds:F2} s)")]
    private static partial void LogEvaluated(ILogger logger, string plan, int documents, string scores, double seconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Plan {Plan} at {Documents} documents failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string plan, int documents, string error);
}
