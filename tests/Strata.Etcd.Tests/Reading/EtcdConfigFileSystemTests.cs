using System.Text;
using Strata.Etcd.Reading;
using Strata.Etcd.Storage;
using Strata.Hierarchy;
using Strata.Model;

namespace Strata.Etcd.Tests.Reading;

public sealed class EtcdConfigFileSystemTests
{
    private static EtcdConfigRevision Copy(params (string Path, string Text)[] files) =>
        EtcdConfigRevision.FromFiles("/apps/fleet", files.Select(f => new KeyValuePair<string, byte[]>(f.Path, Encoding.UTF8.GetBytes(f.Text))));

    [Fact]
    public void Presents_the_prefix_as_a_config_directory()
    {
        var fs = new EtcdConfigFileSystem(Copy(("base.yaml", "a: 1\n"), ("environments/production.yaml", "a: 2\n"), ("agents/worker.yaml", "b: 1\n")));
        var root = fs.RootDirectory;

        Assert.True(fs.DirectoryExists(root));
        Assert.True(fs.DirectoryExists(Path.Combine(root, "environments")));
        Assert.False(fs.DirectoryExists(Path.Combine(root, "migrations")));
        Assert.True(fs.FileExists(Path.Combine(root, "base.yaml")));
        Assert.False(fs.FileExists(Path.Combine(root, "base.yml")));
        Assert.False(fs.FileExists("/elsewhere/base.yaml"));
        Assert.Equal([Path.Combine(root, "base.yaml")], fs.EnumerateFiles(root));
        Assert.Equal([Path.Combine(root, "environments", "production.yaml")], fs.EnumerateFiles(Path.Combine(root, "environments")));
        Assert.Equal("a: 2\n", Encoding.UTF8.GetString(fs.ReadAllBytes(Path.Combine(root, "environments", "production.yaml"), 1000)));
    }

    [Fact]
    public void Missing_and_oversized_files_fail_like_real_files()
    {
        var fs = new EtcdConfigFileSystem(Copy(("base.yaml", "a: 1\n")));
        Assert.Throws<FileNotFoundException>(() => fs.ReadAllBytes(Path.Combine(fs.RootDirectory, "nope.yaml"), 1000));
        Assert.Throws<InvalidDataException>(() => fs.ReadAllBytes(Path.Combine(fs.RootDirectory, "base.yaml"), 2));
    }

    [Fact]
    public void The_unchanged_pipeline_loads_it_with_etcd_provenance()
    {
        var fs = new EtcdConfigFileSystem(Copy(("base.yaml", "redis:\n  port: 6379\n"), ("environments/production.yaml", "redis:\n  port: 6380\n")));
        var manager = new EnvironmentConfigManager(fs.RootDirectory, new EnvironmentConfigOptions { FileSystem = fs, Environment = "production", EnvironmentVariables = new Dictionary<string, string>() });

        var snapshot = manager.Load();

        Assert.Equal(6380, snapshot.Get<int>("redis.port"));
        Assert.Equal(["production"], manager.GetAvailableEnvironments());
        var explanation = snapshot.Explain("redis.port");
        Assert.Equal("etcd:/apps/fleet/environments/production.yaml", explanation.Winner.Source);
        Assert.Equal(2, explanation.Winner.Line);
    }

    [Fact]
    public void Parse_errors_name_the_etcd_key_line_and_column()
    {
        var fs = new EtcdConfigFileSystem(Copy(("base.yaml", "a: 1\nb: [unclosed\n")));
        var manager = new EnvironmentConfigManager(fs.RootDirectory, new EnvironmentConfigOptions { FileSystem = fs, EnvironmentVariables = new Dictionary<string, string>() });

        var ex = Assert.Throws<ConfigurationLoadException>(manager.Load);

        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("etcd:/apps/fleet/base.yaml:", error.ToString(), StringComparison.Ordinal);
        Assert.True(error.Line >= 2, error.ToString());
    }

    [Fact]
    public void A_read_scope_pins_one_copy_while_another_is_swapped_in()
    {
        var fs = new EtcdConfigFileSystem(Copy(("base.yaml", "v: 1\n")));
        var path = Path.Combine(fs.RootDirectory, "base.yaml");

        using (fs.BeginRead())
        {
            fs.Replace(Copy(("base.yaml", "v: 2\n")));
            Assert.Equal("v: 1\n", Encoding.UTF8.GetString(fs.ReadAllBytes(path, 100)));
            using (fs.BeginRead())
            {
                Assert.Equal("v: 1\n", Encoding.UTF8.GetString(fs.ReadAllBytes(path, 100)));
            }

            Assert.Equal("v: 1\n", Encoding.UTF8.GetString(fs.ReadAllBytes(path, 100)));
        }

        Assert.Equal("v: 2\n", Encoding.UTF8.GetString(fs.ReadAllBytes(path, 100)));
    }

    [Fact]
    public async Task A_load_never_mixes_two_copies()
    {
        // Swap copies as fast as possible while loading: every snapshot must come from one copy.
        var fs = new EtcdConfigFileSystem(Copy(("base.yaml", "m: 0\n"), ("environments/production.yaml", "n: 0\n")));
        var manager = new EnvironmentConfigManager(fs.RootDirectory, new EnvironmentConfigOptions { FileSystem = fs, Environment = "production", EnvironmentVariables = new Dictionary<string, string>() });
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 1; !stop.IsCancellationRequested; i++)
            {
                fs.Replace(Copy(("base.yaml", $"m: {i}\n"), ("environments/production.yaml", $"n: {i}\n")));
            }
        });

        for (var i = 0; i < 300; i++)
        {
            var snapshot = manager.Load();
            Assert.Equal(snapshot.Get<long>("m"), snapshot.Get<long>("n"));
        }

        await stop.CancelAsync();
        await writer;
    }

    [Fact]
    public void A_copy_of_another_prefix_is_refused()
    {
        var fs = new EtcdConfigFileSystem(Copy(("base.yaml", "a: 1\n")));
        Assert.Throws<ArgumentException>(() => fs.Replace(EtcdConfigRevision.FromFiles("/other", [])));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("  ")]
    [InlineData("/a b")]
    [InlineData("/a//b")]
    public void Unusable_prefixes_are_refused(string prefix)
    {
        var ex = Assert.Throws<ArgumentException>(() => EtcdConfigRevision.FromFiles(prefix, []));
        Assert.Contains("prefix", ex.Message, StringComparison.Ordinal);
    }
}
