using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Extensions.Configuration.Tests.Support;
using Strata.Model;
using Strata.Notifications;
using Strata.Reload;

namespace Strata.Extensions.Configuration.Tests.WebApi;

/// <summary>
/// The sample web app, in process, on a temporary copy of samples/config: edits change its answers, a malformed or
/// invalid edit does not, and it keeps answering with the last valid value.
/// </summary>
public sealed class WebApiTests : IDisposable
{
    private readonly TestDir _dir = TestDir.CopyOf(TestDir.SampleConfig);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Editing_a_file_changes_the_response_and_a_bad_edit_keeps_the_last_valid_value()
    {
        await using var app = CreateApp();
        using var client = app.CreateClient();
        var events = new EventQueue<ReloadNotification>();
        using var subscription = app.Services.GetRequiredService<ConfigurationHotReloader>().AddNotificationCallback(events.Add);

        Assert.Equal(6379, (await GetAsync(client, "/config/redis.port")).GetProperty("value").GetInt32());
        Assert.Equal(6379, (await GetAsync(client, "/redis")).GetProperty("port").GetInt32());

        _dir.Replace("base.yaml", "  port: 6379\n", "  port: 6390\n");
        Assert.Equal(2, (await events.NextAsync(e => e.EventType == ReloadEvent.ConfigReloaded)).Version);
        Assert.Equal(6390, (await GetAsync(client, "/config/redis.port")).GetProperty("value").GetInt32());
        Assert.Equal(6390, (await GetAsync(client, "/redis")).GetProperty("port").GetInt32());

        // Malformed YAML: the reload fails, the app keeps answering with version 2.
        _dir.Replace("base.yaml", "  port: 6390\n", "  port: [6391\n");
        var malformed = await events.NextAsync(e => e.EventType == ReloadEvent.ConfigFailed);
        Assert.Equal("base.yaml", malformed.Errors[0].File);
        Assert.True(malformed.Errors[0].Line > 0);
        Assert.Equal(6390, (await GetAsync(client, "/config/redis.port")).GetProperty("value").GetInt32());
        Assert.Equal(6390, (await GetAsync(client, "/redis")).GetProperty("port").GetInt32());

        // Well-formed but rejected by RedisOptions' [Range] (and by the sample's schema.yaml): fails in Strata's
        // validate stage, located at the value.
        _dir.Replace("base.yaml", "  port: [6391\n", "  port: 70000\n");
        var invalid = await events.NextAsync(e => e.EventType == ReloadEvent.ConfigFailed);
        Assert.Equal(2, invalid.Errors.Count);
        var error = Assert.Single(invalid.Errors, e => e.Message.Contains("RedisOptions", StringComparison.Ordinal));
        Assert.Equal("base.yaml", error.File);
        Assert.Equal(LineOf("base.yaml", "  port: 70000"), error.Line);
        Assert.Equal("redis.port", error.Path);
        Assert.Contains("Port", error.Message, StringComparison.Ordinal);
        Assert.Equal(6390, (await GetAsync(client, "/redis")).GetProperty("port").GetInt32());

        var status = await GetAsync(client, "/status");
        Assert.Equal(2, status.GetProperty("version").GetInt64());
        Assert.Equal(2, status.GetProperty("statistics").GetProperty("failures").GetInt64());
        Assert.Contains("base.yaml", status.GetProperty("statistics").GetProperty("lastError").GetString(), StringComparison.Ordinal);

        _dir.Replace("base.yaml", "  port: 70000\n", "  port: 6392\n");
        Assert.Equal(3, (await events.NextAsync(e => e.EventType == ReloadEvent.ConfigReloaded)).Version);
        Assert.Equal(6392, (await GetAsync(client, "/config/redis.port")).GetProperty("value").GetInt32());
        Assert.Equal(6392, (await GetAsync(client, "/redis")).GetProperty("port").GetInt32());
        status = await GetAsync(client, "/status");
        Assert.Equal(3, status.GetProperty("version").GetInt64());
        Assert.Equal(2, status.GetProperty("statistics").GetProperty("reloads").GetInt64());
        Assert.Equal(_dir.Path, status.GetProperty("directory").GetString());
    }

    [Fact]
    public async Task Secrets_are_masked_in_values_and_sections()
    {
        _dir.Replace("base.yaml", "  password: \"${REDIS_PASSWORD:-}\"\n", "  password: hunter2\n");
        await using var app = CreateApp();
        using var client = app.CreateClient();

        var value = await GetAsync(client, "/config/redis.password");
        Assert.Equal("***", value.GetProperty("value").GetString());
        var section = await GetAsync(client, "/config/redis");
        Assert.Equal("***", section.GetProperty("value").GetProperty("password").GetString());
        Assert.Equal("***", (await GetAsync(client, "/redis")).GetProperty("password").GetString());
        foreach (var url in new[] { "/config/redis", "/config/redis.password", "/redis", "/status" })
        {
            Assert.DoesNotContain("hunter2", await client.GetStringAsync(new Uri(url, UriKind.Relative)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Values_come_with_origin_and_version_and_unknown_or_malformed_keys_are_client_errors()
    {
        await using var app = CreateApp();
        using var client = app.CreateClient();

        var steps = await GetAsync(client, "/config/" + Uri.EscapeDataString("curriculum_phases[1].steps"));
        Assert.Equal(200, steps.GetProperty("value").GetInt32());
        Assert.Equal($"base.yaml:{LineOf("base.yaml", "    steps: 200")}:12", steps.GetProperty("origin").GetString());
        Assert.Equal(1, steps.GetProperty("version").GetInt64());
        var maxSteps = await GetAsync(client, "/config/max_steps");
        Assert.Equal(100, maxSteps.GetProperty("value").GetInt32());
        Assert.StartsWith("environments/development.yaml:", maxSteps.GetProperty("origin").GetString(), StringComparison.Ordinal);

        using var missing = await client.GetAsync(new Uri("/config/redis.nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("redis.nope", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var malformed = await client.GetAsync(new Uri("/config/redis..port", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
    }

    [Fact]
    public async Task Status_reports_version_content_hash_and_statistics()
    {
        await using var app = CreateApp();
        using var client = app.CreateClient();

        var status = await GetAsync(client, "/status");
        Assert.Equal(1, status.GetProperty("version").GetInt64());
        Assert.Matches("^[0-9a-f]{64}$", status.GetProperty("contentHash").GetString());
        Assert.Equal("development", status.GetProperty("environment").GetString());
        var statistics = status.GetProperty("statistics");
        Assert.Equal(0, statistics.GetProperty("failures").GetInt64());
        Assert.True(statistics.GetProperty("isMonitoring").GetBoolean());
    }

    [Fact]
    public void The_app_does_not_start_on_an_invalid_configuration_and_says_where()
    {
        _dir.Replace("base.yaml", "  port: 6379\n", "  port: [6379\n");
        using var app = CreateApp();

        var thrown = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        var load = FindInChain<ConfigurationLoadException>(thrown);
        Assert.Equal("base.yaml", load.Errors[0].File);
        Assert.StartsWith("base.yaml:", load.Message, StringComparison.Ordinal);
    }

    private static T FindInChain<T>(Exception exception)
        where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} in {exception}");
    }

    private int LineOf(string file, string text) =>
        Array.FindIndex(File.ReadAllLines(Path.Combine(_dir.Path, file)), l => l.StartsWith(text, StringComparison.Ordinal)) + 1;

    private WebApplicationFactory<Program> CreateApp() =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Strata:ConfigDirectory", _dir.Path)
            .UseEnvironment("Development"));

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
