using System.Net;
using System.Text;
using System.Text.Json;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Dashboard.Tests;

public sealed class DashboardApiTests : IAsyncLifetime
{
    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Snapshot_lists_every_leaf_with_its_typed_value_origin_and_what_it_overrides()
    {
        using var client = _server.Client();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("api/snapshot"));
        var root = doc.RootElement;
        var current = _server.Reloader.Current;
        Assert.Equal(current.Version, root.GetProperty("version").GetInt64());
        Assert.Equal(current.ContentHash, root.GetProperty("contentHash").GetString());
        Assert.Equal("development", root.GetProperty("environment").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("agent").ValueKind);
        Assert.EndsWith("Z", root.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        var keys = root.GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(current.Keys, keys.Select(k => k.GetProperty("path").GetString()));

        var maxSteps = keys.Single(k => k.GetProperty("path").GetString() == "max_steps");
        Assert.Equal(100, maxSteps.GetProperty("value").GetInt32());
        Assert.False(maxSteps.GetProperty("secret").GetBoolean());
        var origin = maxSteps.GetProperty("origin");
        Assert.Equal("environments/development.yaml", origin.GetProperty("file").GetString());
        Assert.Equal(2, origin.GetProperty("line").GetInt32());
        Assert.Equal(12, origin.GetProperty("column").GetInt32());
        Assert.Equal("environment", origin.GetProperty("layer").GetString());
        var overridden = maxSteps.GetProperty("overrides").EnumerateArray().Single();
        Assert.Equal("base.yaml", overridden.GetProperty("file").GetString());
        Assert.Equal("global", overridden.GetProperty("layer").GetString());
        Assert.Equal(JsonValueKind.Number, overridden.GetProperty("value").ValueKind);
        Assert.True(overridden.GetProperty("line").GetInt32() >= 1);
    }

    [Fact]
    public async Task Secrets_are_masked_in_the_snapshot_versions_diff_events_and_reload_outcome()
    {
        using var client = _server.Client();
        using var events = await EventReader.OpenAsync(client);
        var snapshot = await client.GetStringAsync("api/snapshot");
        using (var doc = JsonDocument.Parse(snapshot))
        {
            var password = doc.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("path").GetString() == "redis.password");
            Assert.Equal("***", password.GetProperty("value").GetString());
            Assert.True(password.GetProperty("secret").GetBoolean());
        }

        await _server.EditAsync("base.yaml", "password: \"${REDIS_PASSWORD:-}\"", "password: \"changed-SECRET-in-file\"");
        var reloaded = await events.NextAsync(e => e.GetProperty("event").GetString() == "config_reloaded");
        var change = reloaded.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("path").GetString() == "redis.password");
        Assert.Equal("***", change.GetProperty("old").GetString());
        Assert.Equal("***", change.GetProperty("new").GetString());

        var answers = new List<string>
        {
            reloaded.GetRawText(),
            await client.GetStringAsync("api/snapshot"),
            await client.GetStringAsync("api/versions"),
            await client.GetStringAsync("api/diff?from=1&to=2"),
            await client.GetStringAsync("api/status"),
            await (await client.PostAsync("api/rollback", Json("{\"version\":1}"))).Content.ReadAsStringAsync(),
        };
        Assert.Contains("redis.password", answers[3], StringComparison.Ordinal);
        Assert.Contains("redis.password", answers[5], StringComparison.Ordinal);
        foreach (var answer in answers)
        {
            Assert.DoesNotContain(DashboardServer.Secret, answer, StringComparison.Ordinal);
            Assert.DoesNotContain("changed-SECRET", answer, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Versions_and_diff_follow_the_reloads()
    {
        await _server.SetMaxStepsAsync(100, 200);
        using var client = _server.Client();
        using var versions = JsonDocument.Parse(await client.GetStringAsync("api/versions"));
        var list = versions.RootElement.EnumerateArray().ToList();
        Assert.Equal([1L, 2L], list.Select(v => v.GetProperty("version").GetInt64()));
        Assert.Equal([false, true], list.Select(v => v.GetProperty("current").GetBoolean()));
        Assert.Equal(_server.Reloader.Current.ContentHash, list[1].GetProperty("contentHash").GetString());
        Assert.Equal(["environments/development.yaml"], list[1].GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(0, list[0].GetProperty("changes").GetArrayLength());
        var change = list[1].GetProperty("changes").EnumerateArray().Single();
        Assert.Equal("max_steps", change.GetProperty("path").GetString());
        Assert.Equal(100, change.GetProperty("old").GetInt32());
        Assert.Equal(200, change.GetProperty("new").GetInt32());

        using var forward = JsonDocument.Parse(await client.GetStringAsync("api/diff?from=1&to=2"));
        var c = forward.RootElement.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal(("max_steps", "modified", 100, 200), (c.GetProperty("path").GetString(), c.GetProperty("kind").GetString(), c.GetProperty("old").GetInt32(), c.GetProperty("new").GetInt32()));
        using var backward = JsonDocument.Parse(await client.GetStringAsync("api/diff?from=2&to=1"));
        Assert.Equal(100, backward.RootElement.GetProperty("changes")[0].GetProperty("new").GetInt32());
    }

    [Theory]
    [InlineData("api/diff", HttpStatusCode.BadRequest)]
    [InlineData("api/diff?from=1", HttpStatusCode.BadRequest)]
    [InlineData("api/diff?from=one&to=1", HttpStatusCode.BadRequest)]
    [InlineData("api/diff?from=-1&to=1", HttpStatusCode.BadRequest)]
    [InlineData("api/diff?from=1&to=99", HttpStatusCode.NotFound)]
    public async Task A_bad_diff_request_says_what_is_wrong(string path, HttpStatusCode expected)
    {
        using var client = _server.Client();
        using var response = await client.GetAsync(path);
        Assert.Equal(expected, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Events_are_the_jsonl_objects_of_watch_including_failures()
    {
        using var client = _server.Client();
        using var events = await EventReader.OpenAsync(client);
        await _server.EditAsync("environments/development.yaml", "max_steps: 100", "max_steps: 150");
        var reloaded = await events.NextAsync(e => e.GetProperty("event").GetString() == "config_reloaded");
        Assert.Equal(2, reloaded.GetProperty("version").GetInt64());
        Assert.Equal(["environments/development.yaml"], reloaded.GetProperty("files").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal(150, reloaded.GetProperty("changes")[0].GetProperty("new").GetInt32());
        Assert.Equal(0, reloaded.GetProperty("errors").GetArrayLength());
        Assert.True(reloaded.TryGetProperty("message", out _));
        Assert.True(reloaded.TryGetProperty("timestamp", out _));

        await _server.SaveAsync("environments/development.yaml", "max_steps: [\n");
        var failed = await events.NextAsync(e => e.GetProperty("event").GetString() == "config_failed");
        Assert.Equal(2, failed.GetProperty("version").GetInt64());
        var error = failed.GetProperty("errors")[0];
        Assert.Equal("environments/development.yaml", error.GetProperty("file").GetString());
        Assert.True(error.GetProperty("line").GetInt32() >= 1);

        using var status = JsonDocument.Parse(await client.GetStringAsync("api/status"));
        var lastFailure = status.RootElement.GetProperty("lastFailure");
        Assert.Equal("config_failed", lastFailure.GetProperty("event").GetString());
        Assert.Equal("environments/development.yaml", lastFailure.GetProperty("errors")[0].GetProperty("file").GetString());
        Assert.Equal(2, status.RootElement.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Status_reports_the_statistics_strategy_and_watcher()
    {
        using var client = _server.Client();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("api/status"));
        var root = doc.RootElement;
        Assert.Equal("immediate", root.GetProperty("strategy").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("watcherMode").GetString()));
        Assert.True(root.GetProperty("isMonitoring").GetBoolean());
        Assert.Equal(0, root.GetProperty("failures").GetInt64());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("lastFailure").ValueKind);
        Assert.Equal(0, root.GetProperty("pendingChanges").GetArrayLength());
        Assert.False(root.GetProperty("fleet").GetBoolean());
        Assert.Equal(_server.Directory.Path, root.GetProperty("directory").GetString());
    }

    [Fact]
    public async Task Reload_answers_the_outcome_unchanged_then_failed()
    {
        using var client = _server.Client();
        using (var unchanged = JsonDocument.Parse(await (await client.PostAsync("api/reload", null)).Content.ReadAsStringAsync()))
        {
            Assert.Equal("unchanged", unchanged.RootElement.GetProperty("status").GetString());
            Assert.Equal(1, unchanged.RootElement.GetProperty("version").GetInt64());
        }

        var failedSeen = new TaskCompletionSource();
        using var subscription = _server.Reloader.AddNotificationCallback(n =>
        {
            if (n.EventType == ReloadEvent.ConfigFailed)
            {
                failedSeen.TrySetResult();
            }
        });
        await _server.SaveAsync("environments/development.yaml", "max_steps: [\n");
        await failedSeen.Task.WaitAsync(DashboardServer.Patience);
        using var failed = JsonDocument.Parse(await (await client.PostAsync("api/reload", null)).Content.ReadAsStringAsync());
        Assert.Equal("failed", failed.RootElement.GetProperty("status").GetString());
        Assert.Equal(1, failed.RootElement.GetProperty("version").GetInt64());
        Assert.Equal("environments/development.yaml", failed.RootElement.GetProperty("errors")[0].GetProperty("file").GetString());
    }

    [Fact]
    public async Task Rollback_publishes_a_retained_version_as_a_new_one()
    {
        await _server.SetMaxStepsAsync(100, 300);
        using var client = _server.Client();
        using var response = await client.PostAsync("api/rollback", Json("{\"version\":1}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("rolled_back", outcome.RootElement.GetProperty("status").GetString());
        Assert.Equal(3, outcome.RootElement.GetProperty("version").GetInt64());
        Assert.Equal(100, _server.Reloader.Current.Get<int>("max_steps"));
        Assert.Equal(3, _server.Reloader.Current.Version);
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("not json", HttpStatusCode.BadRequest)]
    [InlineData("[1]", HttpStatusCode.BadRequest)]
    [InlineData("{\"version\":\"1\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"version\":1.5}", HttpStatusCode.BadRequest)]
    [InlineData("{\"v\":1}", HttpStatusCode.BadRequest)]
    [InlineData("{\"version\":42}", HttpStatusCode.NotFound)]
    public async Task A_bad_rollback_request_says_what_is_wrong_and_changes_nothing(string body, HttpStatusCode expected)
    {
        using var client = _server.Client();
        using var response = await client.PostAsync("api/rollback", Json(body));
        Assert.Equal(expected, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrWhiteSpace(doc.RootElement.GetProperty("error").GetString()));
        Assert.Equal(1, _server.Reloader.Current.Version);
    }

    [Fact]
    public async Task Fleet_is_404_without_a_fleet_source()
    {
        using var client = _server.Client();
        using var response = await client.GetAsync("api/fleet");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("--etcd", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fleet_source_that_fails_is_a_502_with_the_reason()
    {
        await using var server = await DashboardServer.StartAsync(o => o.FleetStatus = _ => throw new InvalidOperationException("etcd is unreachable"));
        using var client = server.Client();
        using var response = await client.GetAsync("api/fleet");
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("etcd is unreachable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_secret_in_one_layer_is_masked_in_every_layer_it_overrides()
    {
        await using var server = await DashboardServer.StartAsync(prepare: dir =>
        {
            dir.Write("base.yaml", File.ReadAllText(Path.Combine(dir.Path, "base.yaml")) + "\nvault:\n  token: plain-devpass\n");
            dir.Write("environments/development.yaml", File.ReadAllText(Path.Combine(dir.Path, "environments/development.yaml")) + "\nvault:\n  token: !secret tagged-prodpass\n");
        });
        using var client = server.Client();
        var snapshot = await client.GetStringAsync("api/snapshot");
        Assert.DoesNotContain("devpass", snapshot, StringComparison.Ordinal);
        Assert.DoesNotContain("prodpass", snapshot, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(snapshot);
        var token = doc.RootElement.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("path").GetString() == "vault.token");
        Assert.True(token.GetProperty("secret").GetBoolean());
        Assert.Equal("***", Assert.Single(token.GetProperty("overrides").EnumerateArray()).GetProperty("value").GetString());
    }

    [Fact]
    public async Task Fleet_passes_the_fleet_status_document_through()
    {
        const string fleet = "{\"release\":7,\"rollout\":null,\"instances\":[{\"id\":\"a-1\",\"state\":\"applied\"}]}";
        await using var server = await DashboardServer.StartAsync(o => o.FleetStatus = _ => Task.FromResult<string?>(fleet));
        using var client = server.Client();
        using var response = await client.GetAsync("api/fleet");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(fleet, await response.Content.ReadAsStringAsync());
        using var status = JsonDocument.Parse(await client.GetStringAsync("api/status"));
        Assert.True(status.RootElement.GetProperty("fleet").GetBoolean());
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
