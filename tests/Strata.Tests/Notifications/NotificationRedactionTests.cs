using Strata.Model;
using Strata.Notifications;
using Strata.Secrets;
using static Strata.Tests.Notifications.NotificationTestData;

namespace Strata.Tests.Notifications;

public sealed class NotificationRedactionTests
{
    [Fact]
    public void Secret_changes_are_masked_and_other_values_kept()
    {
        var n = Reloaded(BaseYaml, Replace(Replace(BaseYaml, "hunter2-secret", "new-secret-value"), "port: 6379", "port: 6380"), 2);
        var redacted = NotificationRedaction.Redact(n);
        var password = redacted.Changes.Single(c => c.Path.Text == "redis.password");
        Assert.Equal("***", password.OldValue!.ToString());
        Assert.Equal("***", password.NewValue!.ToString());
        Assert.Same(n.Changes.Single(c => c.Path.Text == "redis.port"), redacted.Changes.Single(c => c.Path.Text == "redis.port"));
        Assert.Same(n.NewSnapshot, redacted.NewSnapshot);
    }

    [Fact]
    public void Secret_values_from_the_snapshots_are_masked_in_messages_and_migration_lines()
    {
        var n = Reloaded(BaseYaml, Replace(BaseYaml, "port: 6379", "port: 6380"), 2, message: "connected with hunter2-secret")
            with { Migrations = ["moved redis.pass (hunter2-secret) to redis.password"] };
        var redacted = NotificationRedaction.Redact(n);
        Assert.Equal("connected with ***", redacted.Message);
        Assert.Equal("moved redis.pass (***) to redis.password", redacted.Migrations[0]);
    }

    [Fact]
    public void Quoted_text_in_an_error_about_a_secret_key_is_masked()
    {
        var n = Failed(path: "redis.password", message: "expected a string of 8+ characters, found 'abc12'");
        var redacted = NotificationRedaction.Redact(n);
        Assert.Equal("expected a string of 8+ characters, found '***'", redacted.Errors[0].Message);
        Assert.Equal("environments/development.yaml:4:9: redis.password: expected a string of 8+ characters, found '***'", redacted.Errors[0].ToString());
    }

    [Fact]
    public void Values_tagged_secret_and_secret_lists_are_masked()
    {
        var before = Snapshot("service:\n  endpoint: a\n  tokens: [t-one, t-two]\n", 1);
        var afterRoot = (ConfigMap)before.Root;
        Assert.True(afterRoot.TryGetValue("service", out var serviceNode));
        var service = (ConfigMap)serviceNode;
        var tagged = ConfigScalar.String("s3cr3t-endpoint", Origin.Runtime, isSecret: true);
        var after = new Strata.Snapshots.ConfigSnapshot(afterRoot.SetItem("service", service.SetItem("endpoint", tagged).SetItem("tokens", new ConfigSequence([ConfigScalar.String("t-three", Origin.Runtime)], Origin.Runtime))), 2, Start, [], "testing");
        var n = new ReloadNotification
        {
            EventType = ReloadEvent.ConfigReloaded,
            Timestamp = Start,
            Version = 2,
            OldVersion = 1,
            Changes = Strata.Snapshots.ConfigDiff.Compute(before.Root, after.Root),
            Message = "endpoint s3cr3t-endpoint, tokens t-one t-three",
            OldSnapshot = before,
            NewSnapshot = after,
        };
        var redacted = NotificationRedaction.Redact(n);
        Assert.Equal("endpoint ***, tokens *** ***", redacted.Message);
        Assert.Equal("***", redacted.Changes.Single(c => c.Path.Text == "service.endpoint").NewValue!.ToString());
        Assert.Equal("***", redacted.Changes.Single(c => c.Path.Text == "service.tokens").NewValue!.ToString());
    }

    [Fact]
    public void Custom_patterns_decide_what_is_secret()
    {
        var n = Reloaded(BaseYaml, Replace(BaseYaml, "host: localhost", "host: internal-host"), 2, message: "host is internal-host");
        var redacted = NotificationRedaction.Redact(n, new SecretRedactor(["host"]));
        Assert.Equal("host is ***", redacted.Message);
        Assert.Equal("***", redacted.Changes.Single().NewValue!.ToString());
    }

    [Fact]
    public void A_notification_without_secrets_is_returned_as_is()
    {
        var n = Numbered(3);
        Assert.Same(n, NotificationRedaction.Redact(n));
    }

    [Fact]
    public void Tagging_or_untagging_a_value_masks_it_on_both_sides()
    {
        const string clear = "note: hunter2\nother: 1\n";
        const string tagged = "note: !secret hunter2\nother: 1\n";
        foreach (var (before, after) in new[] { (clear, tagged), (tagged, clear) })
        {
            var redacted = NotificationRedaction.Redact(Reloaded(before, after, 2));

            var change = Assert.Single(redacted.Changes);
            Assert.Equal("***", change.OldValue!.ToString());
            Assert.Equal("***", change.NewValue!.ToString());
            Assert.DoesNotContain("hunter2", NotificationText.Format(redacted), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_item_tagged_secret_on_one_side_is_masked_on_both()
    {
        var redacted = NotificationRedaction.Redact(Reloaded("tags: [open, hunter2]\n", "tags: [open, !secret hunter2]\n", 2));

        var change = Assert.Single(redacted.Changes);
        Assert.Equal(["open", "***"], ((ConfigSequence)change.OldValue!).Select(i => i.ToString()));
        Assert.Equal(["open", "***"], ((ConfigSequence)change.NewValue!).Select(i => i.ToString()));
    }

    [Fact]
    public void A_clear_value_replaced_by_a_secret_one_is_masked_too()
    {
        var redacted = NotificationRedaction.Redact(Reloaded("note: old-clear\n", "note: !secret new-secret\n", 2));

        var change = Assert.Single(redacted.Changes);
        Assert.Equal("***", change.OldValue!.ToString());
        Assert.Equal("***", change.NewValue!.ToString());
    }
}
