namespace Strata.Cli.Tests;

public sealed class DiffSecrecyTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "strata-diff-secret-" + Guid.NewGuid().ToString("N")[..8]);

    public DiffSecrecyTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "environments"));
        File.WriteAllText(Path.Combine(_dir, "base.yaml"), "note: hunter2\nother: 1\n");
        File.WriteAllText(Path.Combine(_dir, "environments", "plain.yaml"), "other: 2\n");
        File.WriteAllText(Path.Combine(_dir, "environments", "tagged.yaml"), "note: !secret hunter2\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("text")]
    [InlineData("json")]
    public async Task Diff_of_a_value_tagged_secret_on_one_side_masks_both_sides(string format)
    {
        var (exit, output, _) = await CliRunner.RunAsync(["diff", _dir, "--env", "plain", "--to-env", "tagged", "--format", format]);

        Assert.Equal(0, exit);
        Assert.DoesNotContain("hunter2", output, StringComparison.Ordinal);
        Assert.Contains(format == "json" ? "\"***\"" : "~ note: *** -> ***", output, StringComparison.Ordinal);
    }
}
