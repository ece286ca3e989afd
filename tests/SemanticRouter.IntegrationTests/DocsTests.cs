using Markdig;
using Markdig.Syntax;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// The repository's Markdown renders as its authors meant: every line that starts with a pipe is part of a table.
/// A table row without its header and delimiter rows, or glued to a paragraph, renders as a paragraph of pipes.
/// </summary>
public sealed class DocsTests
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

    public static TheoryData<string> Documents()
    {
        var root = IndependentReaderTests.RepoRoot();
        var files = new[] { "README.md" }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "eval"), "README.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "models"), "README.md", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)));
        return new(files.Order());
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_table_row_renders_as_a_table(string file) =>
        Assert.Empty(BrokenTableRows(File.ReadAllText(Path.Combine(IndependentReaderTests.RepoRoot(), file))));

    [Fact]
    public void A_row_without_its_delimiter_row_is_found()
    {
        Assert.Equal([3], BrokenTableRows("text\n\n| key | value |\n\nmore\n"));
        Assert.Equal([2], BrokenTableRows("a paragraph\n| glued | row |\n"));
        Assert.Empty(BrokenTableRows("| key | value |\n|---|---|\n| a | b |\n"));
    }

    /// <summary>1-based numbers of lines starting with '|' that the renderer put in a paragraph, not a table.</summary>
    internal static List<int> BrokenTableRows(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var starts = new List<int> { 0 };
        for (var i = 0; i < markdown.Length; i++) if (markdown[i] == '\n') starts.Add(i + 1);
        var paragraphs = document.Descendants<ParagraphBlock>().Select(p => p.Span).ToList();
        return Enumerable.Range(0, starts.Count)
            .Where(i => markdown.AsSpan(starts[i]).TrimStart(' ').StartsWith("|")
                        && paragraphs.Any(span => span.Start <= starts[i] && starts[i] <= span.End))
            .Select(i => i + 1)
            .ToList();
    }
}
