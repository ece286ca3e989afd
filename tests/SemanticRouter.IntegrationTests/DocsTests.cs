using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace SemanticRouter.IntegrationTests;

/// <summary>
/// The repository's Markdown renders as its authors meant: every line that starts with a pipe is part of a table.
/// A table row without its header and delimiter rows, or glued to a paragraph, renders as a paragraph of pipes.
/// Every relative link leads somewhere: to a file or folder of the repository, and to a heading when it names one.
/// </summary>
public sealed class DocsTests
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables()
        .UseAutoIdentifiers(AutoIdentifierOptions.GitHub).Build();

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

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_points_to_a_file_and_heading_that_exist(string file) =>
        Assert.Empty(BrokenLinks(Path.Combine(IndependentReaderTests.RepoRoot(), file)));

    [Fact]
    public void A_link_to_a_missing_file_or_heading_is_found()
    {
        var dir = Directory.CreateTempSubdirectory("docs-links-");
        try
        {
            File.WriteAllText(Path.Combine(dir.FullName, "other.md"), "# Other\n\n## Client APIs and provider styles\n");
            var readme = Path.Combine(dir.FullName, "README.md");
            File.WriteAllText(readme, "[a](other.md) [b](other.md#client-apis-and-provider-styles) [c](./) [d](https://example.com/x.md) "
                                      + "[e](missing.md) [f](other.md#no-such-heading) [g](#nowhere) [h](other.md#other)\n");
            Assert.Equal(["missing.md", "other.md#no-such-heading", "#nowhere"], BrokenLinks(readme));
        }
        finally { dir.Delete(recursive: true); }
    }

    /// <summary>The relative links of a Markdown file whose file, folder or Markdown heading does not exist.</summary>
    internal static List<string> BrokenLinks(string path)
    {
        var broken = new List<string>();
        foreach (var link in Markdown.Parse(File.ReadAllText(path), Pipeline).Descendants<LinkInline>())
        {
            var url = link.Url ?? "";
            if (url.Length == 0 || url.Contains("://") || url.StartsWith("mailto:")) continue;
            var hash = url.IndexOf('#');
            var target = hash < 0 ? url : url[..hash];
            var full = target.Length == 0 ? path : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, Uri.UnescapeDataString(target)));
            if (!File.Exists(full) && !Directory.Exists(full)) broken.Add(url);
            else if (hash >= 0 && full.EndsWith(".md") && !HeadingIds(full).Contains(url[(hash + 1)..])) broken.Add(url);
        }
        return broken;
    }

    /// <summary>The anchors GitHub gives a Markdown file's headings.</summary>
    private static HashSet<string> HeadingIds(string path) =>
        Markdown.Parse(File.ReadAllText(path), Pipeline).Descendants<HeadingBlock>()
            .Select(h => h.GetAttributes().Id).OfType<string>().ToHashSet();

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
