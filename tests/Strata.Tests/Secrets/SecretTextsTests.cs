using Strata.Model;
using Strata.Secrets;
using Strata.Snapshots;

namespace Strata.Tests.Secrets;

/// <summary>The secret texts of a version, computed from the version before it for what both share.</summary>
public class SecretTextsTests
{
    [Fact]
    public void A_section_that_gains_a_secret_is_walked_again_and_shared_sections_are_not_forgotten()
    {
        var first = Snapshot("db:\n  password: hunter2\napi:\n  url: x\n", 1);
        Assert.Equal(["hunter2"], SecretTexts.Of(first, SecretRedactor.Default));

        var second = Snapshot("db:\n  password: hunter2\napi:\n  url: x\n  token: swordfish\n", 2, basis: first);

        Assert.Equal(["hunter2", "swordfish"], SecretTexts.Of(second, SecretRedactor.Default, first).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_same_section_under_a_secret_key_is_secret_as_a_whole()
    {
        var first = Snapshot("plain:\n  value: abc\n", 1);
        Assert.Empty(SecretTexts.Of(first, SecretRedactor.Default));
        Assert.True(first.Root.TryGetValue("plain", out var section));

        // The very same node, moved under a key that matches a secret pattern.
        var moved = new ConfigSnapshot(ConfigMap.FromUniqueEntries([new("credentials", section)], first.Root.Origin), 2, DateTimeOffset.UnixEpoch, [], "development");

        Assert.Equal(["abc"], SecretTexts.Of(moved, SecretRedactor.Default, first));
    }

    [Fact]
    public void Another_redactor_finds_its_own_secrets()
    {
        var first = Snapshot("service:\n  passphrase: open-sesame\n", 1);
        Assert.Empty(SecretTexts.Of(first, SecretRedactor.Default));
        var second = Snapshot("service:\n  passphrase: open-sesame\n", 2, basis: first);

        Assert.Equal(["open-sesame"], SecretTexts.Of(second, new SecretRedactor(["passphrase"]), first));
    }

    private static ConfigSnapshot Snapshot(string yaml, long version, ConfigSnapshot? basis = null)
    {
        var root = Parse.Yaml(yaml);
        if (basis is not null)
        {
            root = StructuralSharing.Reuse(basis.Root, root);
        }

        return new ConfigSnapshot(root, version, DateTimeOffset.UnixEpoch, [], "development", null, null, basis);
    }
}
