using SemanticRouter.Gateway.Shadow;

namespace SemanticRouter.Gateway.Tests.Shadow;

public sealed class AnswerRingTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private static RatedAnswer Answer(int i, string? question = null) => new(
        $"req-{i:D6}", i % 2 == 0 ? $"key-{i}" : null, question ?? $"问题 {i}: what is {i} squared?", $"model-{i % 3}", "clf-1",
        i % 3 == 0 ? null : $"sha-{i}", 100.5 + i, 0.001 * i, Start.AddSeconds(i));

    [Fact]
    public void An_answer_is_found_by_its_request_id_with_every_field_as_it_was_given()
    {
        var ring = new AnswerRing(10, 4096);
        foreach (var i in Enumerable.Range(0, 4)) ring.Add(Answer(i));

        foreach (var i in Enumerable.Range(0, 4)) Assert.Equal(Answer(i), ring.Find($"req-{i:D6}"));
        Assert.Null(ring.Find("req-000009"));
    }

    [Fact]
    public void The_oldest_answers_are_forgotten_once_the_count_is_reached()
    {
        var ring = new AnswerRing(3, 1 << 16);
        foreach (var i in Enumerable.Range(0, 5)) ring.Add(Answer(i));

        Assert.Equal(3, ring.Count);
        Assert.Null(ring.Find("req-000000"));
        Assert.Null(ring.Find("req-000001"));
        foreach (var i in Enumerable.Range(2, 3)) Assert.Equal(Answer(i), ring.Find($"req-{i:D6}"));
    }

    [Fact]
    public void Answers_that_wrap_around_the_bytes_overwrite_only_the_oldest_and_read_back_whole()
    {
        // Room for about four answers of uneven length: every answer starts over at 0 or overwrites its elders.
        var ring = new AnswerRing(1000, 700);
        var added = new List<RatedAnswer>();
        for (var i = 0; i < 200; i++)
        {
            var answer = Answer(i, new string('x', i * 7 % 90) + $" question {i}");
            ring.Add(answer);
            added.Add(answer);
            var kept = added.Where(a => ring.Find(a.RequestId) is not null).ToList();
            Assert.Contains(answer, kept); // the newest is always kept
            Assert.Equal(kept.Count, ring.Count);
            Assert.Equal(added.TakeLast(kept.Count), kept); // the kept ones are the newest, none overwritten out of turn
            foreach (var a in kept) Assert.Equal(a, ring.Find(a.RequestId));
        }
        Assert.InRange(ring.Count, 2, 8);
    }

    [Fact]
    public void A_long_question_is_kept_cut_and_an_answer_larger_than_the_ring_is_not_kept()
    {
        var ring = new AnswerRing(10, 1 << 16);
        ring.Add(Answer(1, new string('q', AnswerRing.MaxQuestionChars + 500)));
        Assert.Equal(AnswerRing.MaxQuestionChars, ring.Find("req-000001")!.Question.Length);

        var small = new AnswerRing(10, 200);
        small.Add(Answer(2));
        small.Add(Answer(3, new string('q', 300)));
        Assert.Null(small.Find("req-000003"));
        Assert.Equal(Answer(2), small.Find("req-000002"));
    }
}
