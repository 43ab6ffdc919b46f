using System.Text;
using System.Text.Json;
using Strata.Hierarchy;
using Strata.Serialization;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Tests.Hierarchy;

/// <summary>A configuration as deep as the depth limit allows passes every stage after parsing on a thread-pool thread.</summary>
public class DepthCeilingPipelineTests
{
    private const int Depth = ParserLimits.DepthCeiling - 2;

    private static string Nested(int value)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < Depth; i++)
        {
            sb.Append(' ', i).Append("k:\n");
        }

        return sb.Append(' ', Depth).Append("v: ").Append(value).Append('\n').ToString();
    }

    [Fact]
    public async Task A_configuration_at_the_depth_ceiling_loads_merges_diffs_explains_and_writes()
    {
        using var dir = new TempConfigDir();
        File.WriteAllText(Path.Combine(dir.Path, "base.yaml"), Nested(1));
        Directory.CreateDirectory(Path.Combine(dir.Path, "environments"));
        File.WriteAllText(Path.Combine(dir.Path, "environments", "production.yaml"), Nested(2));
        var options = new EnvironmentConfigOptions { Limits = new ParserLimits { MaxDepth = ParserLimits.DepthCeiling }, EnvironmentVariables = new Dictionary<string, string>() };
        var deepest = string.Join('.', Enumerable.Repeat("k", Depth)) + ".v";

        var (baseOnly, production) = await Task.Run(() =>
        {
            var development = new EnvironmentConfigManager(dir.Path, options).Load();
            var manager = new EnvironmentConfigManager(dir.Path, new EnvironmentConfigOptions { Environment = "production", Limits = options.Limits, EnvironmentVariables = new Dictionary<string, string>() });
            return (development, manager.Load());
        });

        Assert.Equal(1, baseOnly.Get<int>(deepest));
        Assert.Equal(2, production.Get<int>(deepest));
        Assert.Equal("environments/production.yaml", production.Explain(deepest).Winner.Source);
        var change = Assert.Single(await Task.Run(() => ConfigDiff.Compute(baseOnly.Root, production.Root)));
        Assert.Equal(deepest, change.Path.Text);
        Assert.NotEqual(baseOnly.ContentHash, production.ContentHash);

        var yaml = await Task.Run(() =>
        {
            using var text = new StringWriter();
            ConfigYamlWriter.Write(text, production.Root);
            return text.ToString();
        });
        Assert.EndsWith("v: 2\n", yaml.ReplaceLineEndings("\n"), StringComparison.Ordinal);

        var json = await Task.Run(() =>
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { MaxDepth = ParserLimits.DepthCeiling + 1 }))
            {
                ConfigJsonWriter.Write(writer, production.Root);
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        });
        Assert.EndsWith("{\"v\":2" + new string('}', Depth + 1), json, StringComparison.Ordinal);
    }
}
