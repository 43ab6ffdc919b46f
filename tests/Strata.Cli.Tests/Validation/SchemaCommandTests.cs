using System.Text.Json;
using static Strata.Cli.Tests.Validation.ValidationCliKit;

namespace Strata.Cli.Tests.Validation;

public sealed class SchemaCommandTests : IDisposable
{
    private readonly string _dir = NewDirectory();

    public void Dispose() => Delete(_dir);

    [Fact]
    public async Task Export_writes_a_draft_2020_12_schema_to_stdout()
    {
        var (exit, output, error) = await Run("schema", "export", SampleConfig);
        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        using var document = JsonDocument.Parse(output);
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", document.RootElement.GetProperty("$schema").GetString());
        Assert.Equal("integer", document.RootElement.GetProperty("properties").GetProperty("max_steps").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Export_writes_to_a_file_and_overlay_drops_required()
    {
        var file = Path.Combine(_dir, "out", "config.schema.json");
        var (exit, output, _) = await Run("schema", "export", SampleConfig, "--output", file, "--overlay");
        Assert.Equal(0, exit);
        Assert.Contains("wrote", output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        Assert.False(document.RootElement.TryGetProperty("required", out _));
    }

    [Fact]
    public async Task Export_without_a_schema_or_with_a_broken_one()
    {
        Write(_dir, "base.yaml", "a: 1\n");
        var missing = await Run("schema", "export", _dir);
        Assert.Equal(2, missing.Exit);
        Assert.Contains("has no schema file", missing.Error, StringComparison.Ordinal);

        Write(_dir, "schema.yaml", "keys:\n  a: {type: int, pattern: '(['}\n");
        var broken = await Run("schema", "export", _dir);
        Assert.Equal(1, broken.Exit);
        Assert.StartsWith("schema.yaml:2:", broken.Error, StringComparison.Ordinal);
    }
}
