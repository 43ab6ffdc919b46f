using Strata.Hierarchy;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Tests.Reload;

/// <summary>
/// A layer file the live configuration was built from and that is now gone fails the reload until it is back or the
/// environment is switched on purpose; a reload never publishes a smaller configuration by accident.
/// </summary>
public class VanishedLayerTests
{
    private const string Base = "redis:\n  host: localhost\n  port: 6379\n";
    private const string MissingProduction = "environments/production.yaml:1:1: the environment layer file is missing; it was part of the live configuration (restore it, or switch environment)";

    [Fact]
    public async Task A_renamed_environments_folder_fails_the_reload_until_it_is_back()
    {
        await using var h = await Production();
        h.Files.Delete("environments/production.yaml");
        h.Files.Delete("environments/staging.yaml");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(ReloadStatus.Failed, outcome.Status);
        Assert.Equal(MissingProduction, outcome.Errors.Single().ToString());
        Assert.Equal(1, h.Reloader.Current.Version);
        Assert.Equal("redis.prod", h.Reloader.Current.Get<string>("redis.host"));
        await h.Settle();
        var failed = h.Notifications.Single(n => n.EventType == ReloadEvent.ConfigFailed);
        Assert.Equal(["environments/production.yaml"], failed.Files);
        Assert.Equal(MissingProduction, failed.Errors.Single().ToString());

        Assert.Equal(ReloadStatus.Failed, (await h.Reloader.ReloadNowAsync()).Status);
        Assert.Equal("redis.prod", h.Reloader.Current.Get<string>("redis.host"));

        h.Files.Write("environments/production.yaml", "redis:\n  host: redis.prod\n");
        Assert.Equal(ReloadStatus.Unchanged, (await h.Reloader.ReloadNowAsync()).Status);
        h.Files.Write("environments/production.yaml", "redis:\n  host: redis2.prod\n");
        var back = await h.Reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.Published, back.Status);
        Assert.Equal(2, back.Current.Version);
        Assert.Equal("redis2.prod", back.Current.Get<string>("redis.host"));
    }

    [Fact]
    public async Task A_deleted_environment_file_fails_with_the_same_error_while_other_environments_remain()
    {
        await using var h = await Production();
        h.Files.Delete("environments/production.yaml");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(MissingProduction, outcome.Errors.Single().ToString());
        Assert.Equal("redis.prod", h.Reloader.Current.Get<string>("redis.host"));
    }

    [Fact]
    public async Task A_deleted_development_file_fails_when_development_was_detected()
    {
        await using var h = new ReloadHarness(ReloadStrategy.Manual, Base);
        h.Files.Write("environments/development.yml", "redis:\n  host: redis.dev\n");
        await h.StartAsync();
        h.Files.Delete("environments/development.yml");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(
            "environments/development.yml:1:1: the environment layer file is missing; it was part of the live configuration (restore it, or switch environment)",
            outcome.Errors.Single().ToString());
        Assert.Equal("redis.dev", h.Reloader.Current.Get<string>("redis.host"));
    }

    [Fact]
    public async Task A_layer_file_that_changes_format_is_not_missing()
    {
        await using var h = await Production();
        h.Files.Delete("environments/production.yaml");
        h.Files.Write("environments/production.json", "{\"redis\": {\"host\": \"redis.json\"}}");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(ReloadStatus.Published, outcome.Status);
        Assert.Equal("redis.json", outcome.Current.Get<string>("redis.host"));
    }

    [Fact]
    public async Task A_deleted_agent_file_fails_the_reload()
    {
        await using var h = new ReloadHarness(ReloadStrategy.Manual, Base, managerOptions: new EnvironmentConfigOptions { Agent = "planner" });
        h.Files.Write("agents/planner.yaml", "redis:\n  port: 7000\n");
        h.Files.Write("agents/critic.yaml", "redis:\n  port: 7001\n");
        await h.StartAsync();
        h.Files.Delete("agents/planner.yaml");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(
            "agents/planner.yaml:1:1: the agent layer file is missing; it was part of the live configuration (restore it, or start without this agent)",
            outcome.Errors.Single().ToString());
        Assert.Equal(7000, h.Reloader.Current.Get<int>("redis.port"));
    }

    [Fact]
    public async Task Removing_one_fragment_of_a_layer_is_an_ordinary_change()
    {
        var h = await Production(fragments: true);
        await using (h)
        {
            h.Files.Delete("environments/production.d/20-cache.yaml");

            var outcome = await h.Reloader.ReloadNowAsync();

            Assert.Equal(ReloadStatus.Published, outcome.Status);
            Assert.False(outcome.Current.TryGet<int>("cache.ttl", out _));
            Assert.Equal(["environments/production.d/20-cache.yaml"], outcome.Files);
            Assert.Equal("redis.prod", outcome.Current.Get<string>("redis.host"));
        }
    }

    [Fact]
    public async Task A_layer_made_of_fragments_fails_when_its_last_fragment_is_gone()
    {
        await using var h = new ReloadHarness(ReloadStrategy.Manual, Base);
        h.Files.Write("environments/development.d/10-redis.yaml", "redis:\n  host: redis.dev\n");
        await h.StartAsync();
        h.Files.Delete("environments/development.d/10-redis.yaml");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(
            "environments/development.d/10-redis.yaml:1:1: the environment layer is missing: no file is left in environments/development.d/; it was part of the live configuration (restore it, or switch environment)",
            outcome.Errors.Single().ToString());
        Assert.Equal("redis.dev", h.Reloader.Current.Get<string>("redis.host"));
    }

    [Fact]
    public async Task An_environment_file_absent_from_the_start_is_never_required()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual, Base).StartAsync();
        h.Files.Write("base.yaml", "redis:\n  host: elsewhere\n");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(ReloadStatus.Published, outcome.Status);
        Assert.Equal("elsewhere", outcome.Current.Get<string>("redis.host"));
    }

    [Fact]
    public async Task Switching_environment_on_purpose_is_a_fresh_configuration()
    {
        await using var h = await Production();
        h.Files.Delete("environments/production.yaml");
        h.Manager.SwitchEnvironment("staging");

        var outcome = await h.Reloader.ReloadNowAsync();

        Assert.Equal(ReloadStatus.Published, outcome.Status);
        Assert.Equal("staging", outcome.Current.Environment);
        Assert.Equal("redis.staging", outcome.Current.Get<string>("redis.host"));

        h.Manager.SwitchEnvironment("development");
        var toDevelopment = await h.Reloader.ReloadNowAsync();
        Assert.Equal(ReloadStatus.Published, toDevelopment.Status);
        Assert.Equal("localhost", toDevelopment.Current.Get<string>("redis.host"));
    }

    [Fact]
    public async Task A_vanished_layer_seen_by_a_watcher_event_reports_config_failed_and_the_worker_goes_on()
    {
        await using var h = await Production(ReloadStrategy.Immediate);
        h.Files.Delete("environments/production.yaml");
        h.Files.Delete("environments/staging.yaml");
        h.Source.Fire();
        h.Time.Advance(h.Options.SettleDelay);
        await h.Settle();

        var failed = h.Notifications.Single(n => n.EventType == ReloadEvent.ConfigFailed);
        Assert.Equal(MissingProduction, failed.Errors.Single().ToString());
        Assert.Equal(1, h.Reloader.Current.Version);

        h.Edit("environments/production.yaml", "redis:\n  host: redis3.prod\n");
        h.Time.Advance(h.Options.SettleDelay);
        Assert.Equal("redis3.prod", (await h.WaitForVersion(2)).Get<string>("redis.host"));
    }

    private static async Task<ReloadHarness> Production(ReloadStrategy strategy = ReloadStrategy.Manual, bool fragments = false)
    {
        var h = new ReloadHarness(strategy, Base, managerOptions: new EnvironmentConfigOptions { Environment = "production" });
        h.Files.Write("environments/production.yaml", "redis:\n  host: redis.prod\n");
        h.Files.Write("environments/staging.yaml", "redis:\n  host: redis.staging\n");
        if (fragments)
        {
            h.Files.Write("environments/production.d/10-port.yaml", "redis:\n  port: 6380\n");
            h.Files.Write("environments/production.d/20-cache.yaml", "cache:\n  ttl: 60\n");
        }

        return await h.StartAsync();
    }
}
