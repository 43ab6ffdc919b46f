using Strata.Cli.Commands;
using Strata.Migration;

namespace Strata.Cli.Tests;

public sealed class MigrationScriptTemplateTests
{
    [Fact]
    public void The_template_of_a_new_script_is_a_valid_script()
    {
        using var dir = new MigrationScratch();

        var path = MigrationScriptTemplate.Write(Path.Combine(dir.Path, "migrations"), "2.1", "2.2");
        var script = Assert.Single(ConfigurationMigrator.Load(Path.GetDirectoryName(path)!).Migrations);

        Assert.Equal("v2.1_to_v2.2.yaml", Path.GetFileName(path));
        Assert.Equal("v2.1_to_v2.2.yaml", MigrationScriptTemplate.FileName("2.1", "2.2"));
        Assert.Equal(("2.1", "2.2"), (script.FromVersion, script.ToVersion));
        Assert.Empty(script.Transformations);
    }

    [Fact]
    public void Writing_a_template_never_overwrites_a_script()
    {
        using var dir = new MigrationScratch();
        var path = Path.Combine(dir.Path, MigrationScriptTemplate.FileName("1.0", "1.1"));
        File.WriteAllText(path, "mine");

        Assert.Throws<IOException>(() => MigrationScriptTemplate.Write(dir.Path, "1.0", "1.1"));
        Assert.Equal("mine", File.ReadAllText(path));
    }
}
