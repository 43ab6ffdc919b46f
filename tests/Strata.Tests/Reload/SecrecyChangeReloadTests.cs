using Strata.Notifications;
using Strata.Reload;
using Strata.Secrets;
using Strata.Snapshots;

namespace Strata.Tests.Reload;

/// <summary>
/// Tagging an unchanged value <c>!secret</c>, or removing the tag, changes what readers may show, so a reload publishes
/// it like any other change; its notification shows <c>***</c> on both sides and never the clear text.
/// </summary>
public sealed class SecrecyChangeReloadTests
{
    private const string Clear = "note: hunter2\nother: 1\n";
    private const string Tagged = "note: !secret hunter2\nother: 1\n";

    [Fact]
    public async Task Tagging_an_unchanged_value_secret_publishes_a_version_that_masks_it()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, baseYaml: Clear).StartAsync();
        Assert.Contains("hunter2", h.Reloader.Current.Root.ToJson(SecretRedactor.Default), StringComparison.Ordinal);

        h.Files.Write("base.yaml", Tagged);
        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(ReloadStatus.Published, outcome.Status);
        Assert.Equal(2, h.Reloader.Current.Version);
        Assert.True(h.Reloader.Current.TryGetNode("note", out var note));
        Assert.True(note.IsSecret);
        Assert.Equal("hunter2", h.Reloader.Current.Get<string>("note"));
        Assert.DoesNotContain("hunter2", h.Reloader.Current.Root.ToJson(SecretRedactor.Default), StringComparison.Ordinal);
        AssertSecrecyChange(outcome.Changes, wasSecret: false);

        await h.Settle();
        AssertMaskedNotification(h, version: 2);
    }

    [Fact]
    public async Task Removing_the_tag_publishes_too_and_the_notification_still_masks_the_value()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, baseYaml: Tagged).StartAsync();

        h.Files.Write("base.yaml", Clear);
        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(ReloadStatus.Published, outcome.Status);
        Assert.Equal(2, h.Reloader.Current.Version);
        Assert.True(h.Reloader.Current.TryGetNode("note", out var note));
        Assert.False(note.IsSecret);
        AssertSecrecyChange(outcome.Changes, wasSecret: true);

        await h.Settle();
        AssertMaskedNotification(h, version: 2);
    }

    [Fact]
    public async Task Tagging_and_untagging_again_publish_each_time_and_the_same_tag_twice_does_not()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, baseYaml: Clear).StartAsync();

        h.Files.Write("base.yaml", Tagged);
        Assert.Equal(ReloadStatus.Published, (await h.Reloader.ReloadNowAsync()).Status);
        h.Files.Write("base.yaml", "# same values, same secrecy\n" + Tagged);
        Assert.Equal(ReloadStatus.Unchanged, (await h.Reloader.ReloadNowAsync()).Status);
        h.Files.Write("base.yaml", Clear);
        Assert.Equal(ReloadStatus.Published, (await h.Reloader.ReloadNowAsync()).Status);

        Assert.Equal(3, h.Reloader.Current.Version);
        Assert.True(h.Reloader.Current.TryGetNode("note", out var note));
        Assert.False(note.IsSecret);
    }

    /// <summary>The reload's own (unmasked) changes: one modification of <c>note</c>, same value, secrecy flipped.</summary>
    private static void AssertSecrecyChange(IReadOnlyList<ConfigChange> changes, bool wasSecret)
    {
        var change = Assert.Single(changes);
        Assert.Equal("note", change.Path.Text);
        Assert.Equal(ChangeKind.Modified, change.Kind);
        Assert.True(change.OldValue!.ValueEquals(change.NewValue));
        Assert.Equal(wasSecret, change.OldValue.IsSecret);
        Assert.Equal(!wasSecret, change.NewValue!.IsSecret);
    }

    private static void AssertMaskedNotification(ReloadHarness h, long version)
    {
        var reloaded = Assert.Single(h.Notifications, n => n.EventType == ReloadEvent.ConfigReloaded);
        Assert.Equal(version, reloaded.Version);
        var change = Assert.Single(reloaded.Changes);
        Assert.Equal(ChangeKind.Modified, change.Kind);
        Assert.Equal(SecretRedactor.Mask, change.OldValue!.ToString());
        Assert.Equal(SecretRedactor.Mask, change.NewValue!.ToString());
        var text = NotificationText.Format(reloaded);
        Assert.Contains("note: \"***\" -> \"***\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", reloaded.Message, StringComparison.Ordinal);
    }
}
