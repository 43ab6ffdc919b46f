using Strata.Snapshots;

namespace Strata.Tests.PublicApi;

/// <summary>
/// Strata.dll exports at most <see cref="MaximumPublicTypes"/> types, top-level and nested together, and the
/// "Public types" section of docs/csharp.md names every one of them.
/// </summary>
public sealed class PublicTypesTests
{
    private const int MaximumPublicTypes = 80;

    [Fact]
    public void Strata_exports_at_most_80_types()
    {
        var exported = typeof(ConfigSnapshot).Assembly.GetExportedTypes()
            .Select(t => t.FullName!)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(
            exported.Count <= MaximumPublicTypes,
            $"Strata.dll exports {exported.Count} types, more than {MaximumPublicTypes}:\n" + string.Join('\n', exported));
    }

    [Fact]
    public void Every_public_type_is_listed_in_the_csharp_page()
    {
        var page = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "csharp.md"));
        var start = page.IndexOf("## Public types", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/csharp.md has no \"## Public types\" section");
        var next = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = next < 0 ? page[start..] : page[start..next];

        var missing = typeof(ConfigSnapshot).Assembly.GetExportedTypes()
            .Select(t => t.Name.Split('`')[0])
            .Where(name => !section.Contains($"`{name}`", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.True(missing.Count == 0, "public types missing from the Public types section of docs/csharp.md: " + string.Join(", ", missing));
    }
}
