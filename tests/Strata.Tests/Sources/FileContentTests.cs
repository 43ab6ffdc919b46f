using Strata.Hierarchy;
using Strata.Sources;

namespace Strata.Tests.Sources;

public sealed class FileContentTests : IDisposable
{
    private readonly TempConfigDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(300_000)]
    public void A_file_is_read_whole_whatever_its_size(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        var path = Path.Combine(_dir.Path, "f.bin");
        File.WriteAllBytes(path, bytes);

        using var content = FileContent.Read(PhysicalConfigFileSystem.Instance, path, long.MaxValue);

        Assert.Equal(size, content.Length);
        Assert.True(content.Span.SequenceEqual(bytes));
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_naming_the_limit()
    {
        var path = Path.Combine(_dir.Path, "f.bin");
        File.WriteAllBytes(path, new byte[1001]);

        var error = Assert.Throws<InvalidDataException>(() => FileContent.Read(PhysicalConfigFileSystem.Instance, path, 1000));

        Assert.Contains("larger than the limit of 1000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layer_file_over_the_limit_fails_the_reload_naming_the_file_and_keeps_the_last_good_tree()
    {
        _dir.Write("base.yaml", "a: 1\n");
        var manager = new EnvironmentConfigManager(_dir.Path, new EnvironmentConfigOptions
        {
            Environment = "development",
            EnvironmentVariables = new Dictionary<string, string>(),
            Limits = new ParserLimits { MaxFileBytes = 64 },
        });
        var pipeline = new ConfigurationPipeline(manager);
        var first = pipeline.Run(1).Snapshot!;
        _dir.Write("base.yaml", "a: 2\n" + new string('#', 100) + "\n");

        var second = pipeline.Run(2, first);

        Assert.Null(second.Snapshot);
        var error = Assert.Single(second.Errors);
        Assert.Equal("base.yaml", error.File);
        Assert.Contains("larger than the limit of 64 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, first.Get<int>("a"));
    }
}
