using System.Text.RegularExpressions;

namespace Strata.Tests.Documentation;

/// <summary>Every relative link in the README and the docs pages, and every docs page named in source, resolves.</summary>
public sealed partial class DocumentationLinkTests
{
    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var page in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(TestPaths.RepositoryRoot, page).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_of_a_page_resolves(string page)
    {
        var full = Path.Combine(TestPaths.RepositoryRoot, page);
        var directory = Path.GetDirectoryName(full)!;
        var broken = new List<string>();
        foreach (Match link in MarkdownLink().Matches(File.ReadAllText(full)))
        {
            var target = link.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#') || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }

            var file = target.Split('#')[0];
            if (!File.Exists(Path.Combine(directory, file)) && !Directory.Exists(Path.Combine(directory, file)))
            {
                broken.Add(target);
            }
        }

        Assert.Empty(broken);
    }

    [Fact]
    public void Every_docs_page_named_in_source_exists()
    {
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var root in new[] { "src", "bench" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, root), "*.cs", SearchOption.AllDirectories))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    || file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (Match named in DocsPath().Matches(File.ReadAllText(file)))
                {
                    if (!File.Exists(Path.Combine(TestPaths.RepositoryRoot, named.Value)))
                    {
                        missing.Add($"{Path.GetRelativePath(TestPaths.RepositoryRoot, file)}: {named.Value}");
                    }
                }
            }
        }

        Assert.Empty(missing);
    }

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"docs/[A-Za-z0-9_./-]+\.md")]
    private static partial Regex DocsPath();
}
