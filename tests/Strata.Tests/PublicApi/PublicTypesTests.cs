using Strata.Snapshots;

namespace Strata.Tests.PublicApi;

/// <summary>Strata.dll exports at most <see cref="MaximumPublicTypes"/> types, top-level and nested together.</summary>
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
}
