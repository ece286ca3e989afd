using SemanticRouter.Routing.Tokenization;

namespace SemanticRouter.Benchmarks;

/// <summary>Question lengths in word pieces, in the buckets the routing and encoder benchmarks report by.</summary>
public static class LengthBuckets
{
    public static readonly string[] Names = ["≤32 tokens", "33–64 tokens", "65–128 tokens", ">128 tokens (truncated)"];

    /// <summary>The bucket of <paramref name="question"/>'s untruncated length.</summary>
    public static string Of(BertTokenizer tokenizer, string question)
    {
        var tokens = tokenizer.Encode(question, int.MaxValue / 2).Length;
        return tokens <= 32 ? Names[0] : tokens <= 64 ? Names[1] : tokens <= 128 ? Names[2] : Names[3];
    }
}
