using Microsoft.Extensions.Logging;
using SemanticRouter.Gateway.Observability;
using SemanticRouter.Gateway.Shadow;
using SemanticRouter.Recording;

namespace SemanticRouter.Gateway.Recording;

/// <summary>
/// The Record stage's side of <see cref="IAnswerRecorder"/>: answers become flywheel rows, journaled by the
/// <see cref="FlywheelRecorder"/>. A journal that refuses a write (the data directory's disk full or gone) costs the
/// rows it refused, logged and counted (<see cref="FlywheelRecorder.RowsLost"/>), never a client's request.
/// </summary>
internal sealed partial class AnswerRecorder(FlywheelRecorder recorder, ILogger<AnswerRecorder> logger) : IAnswerRecorder
{
    private readonly LogThrottle _journalLog = new(TimeSpan.FromSeconds(10));

    public Task<bool> RecordAsync(IReadOnlyList<RecordedAnswer> answers)
    {
        var rows = new (FlywheelRow Row, bool AwaitingScore)[answers.Count];
        for (var i = 0; i < rows.Length; i++) rows[i] = (FlywheelRows.Row(answers[i]), answers[i].AwaitingScore);
        return AddAsync(rows);
    }

    public Task<bool> RecordFeedbackAsync(RatedAnswer answer, double score, string? comment) =>
        AddAsync([(FlywheelRows.Feedback(answer, score, comment), false)]);

    private async Task<bool> AddAsync((FlywheelRow Row, bool AwaitingScore)[] rows)
    {
        try
        {
            await recorder.AddAsync(rows);
            return true;
        }
        catch (Exception e) when (FlywheelRecorder.IsJournalFailure(e))
        {
            if (_journalLog.Pass()) LogNotJournaled(e, rows.Length, recorder.RowsLost);
            return false;
        }
    }

    /// <summary>Journals a score; when that fails the row stays held and goes to Parquet unscored after the wait.</summary>
    public async Task SetScoreAsync(RecordedAnswer answer, double? score)
    {
        try
        {
            await recorder.SetScoreAsync(FlywheelRows.Key(answer), score);
        }
        catch (Exception e) when (FlywheelRecorder.IsJournalFailure(e))
        {
            if (_journalLog.Pass()) LogScoreNotJournaled(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal refused {Rows} rows; they are lost ({Total} since start; logged at most every 10 s, semantic_router_flywheel_rows_lost_total counts every one)")]
    private partial void LogNotJournaled(Exception e, int rows, long total);

    [LoggerMessage(Level = LogLevel.Error, Message = "The journal refused a score; its row goes to Parquet unscored (logged at most every 10 s)")]
    private partial void LogScoreNotJournaled(Exception e);
}
