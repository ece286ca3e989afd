namespace SemanticRouter.Routing.Tokenization;

/// <summary>The part a character plays when normalised text is split into words.</summary>
internal enum WordClass : byte
{
    Word = 0,
    Punctuation = 1,
    Space = 2,
}
