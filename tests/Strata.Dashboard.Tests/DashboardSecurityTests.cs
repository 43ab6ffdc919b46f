using System.Net;
using System.Text;

namespace Strata.Dashboard.Tests;

public sealed class DashboardSecurityTests : IAsyncLifetime
{
    private static readonly string[] Reads = ["api/snapshot", "api/versions", "api/diff?from=1&to=1", "api/events", "api/status", "api/fleet"];
    private DashboardServer _server = null!;

    public async Task InitializeAsync() => _server = await DashboardServer.StartAsync(o => o.FleetStatus = _ => Task.FromResult<string?>("{\"release\":1,\"rollout\":null,\"instances\":[]}"));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Every_api_row_without_a_token_is_401()
    {
        using var client = _server.Client(bearer: false);
        foreach (var path in Reads)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, path);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains("no valid token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var path in new[] { "api/reload", "api/rollback" })
        {
            using var response = await client.PostAsync(path, Json("{\"version\":1}"));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, path);
        }

        Assert.Equal(1, _server.Reloader.Current.Version);
    }

    [Fact]
    public async Task A_wrong_bearer_token_or_cookie_is_401()
    {
        using var client = _server.Client(bearer: false);
        using var wrongBearer = new HttpRequestMessage(HttpMethod.Get, "api/snapshot");
        wrongBearer.Headers.Authorization = new("Bearer", DashboardServer.Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrongBearer)).StatusCode);
        using var wrongCookie = new HttpRequestMessage(HttpMethod.Get, "api/snapshot");
        wrongCookie.Headers.Add("Cookie", "strata_token=nope");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(wrongCookie)).StatusCode);
    }

    [Fact]
    public async Task Opening_the_page_with_the_token_sets_an_HttpOnly_SameSite_Strict_cookie_for_the_base_path()
    {
        using var client = _server.Client(bearer: false);
        using var response = await client.GetAsync("?token=" + DashboardServer.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var cookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("strata_token=" + DashboardServer.Token + ";", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/strata/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_with_a_wrong_token_sets_no_cookie_and_holds_no_data()
    {
        using var client = _server.Client(bearer: false);
        using var response = await client.GetAsync("?token=wrong");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("max_steps", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_base_path_without_a_slash_redirects_to_it_with_the_query()
    {
        using var client = _server.Client(bearer: false);
        using var response = await client.GetAsync(new Uri(_server.BaseUrl, "/strata?token=abc"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/strata/?token=abc", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_cookie_serves_reads_and_a_cookie_only_write_is_403()
    {
        using var client = _server.Client(bearer: false);
        foreach (var path in Reads.Where(p => p != "api/events"))
        {
            using var read = new HttpRequestMessage(HttpMethod.Get, path);
            read.Headers.Add("Cookie", "strata_token=" + DashboardServer.Token);
            Assert.True((await client.SendAsync(read)).StatusCode == HttpStatusCode.OK, path);
        }

        foreach (var path in new[] { "api/reload", "api/rollback" })
        {
            using var write = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json("{\"version\":1}") };
            write.Headers.Add("Cookie", "strata_token=" + DashboardServer.Token);
            using var response = await client.SendAsync(write);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, path);
            Assert.Contains("Authorization: Bearer", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var bearer = _server.Client();
        Assert.Equal(HttpStatusCode.OK, (await bearer.PostAsync("api/reload", null)).StatusCode);
        Assert.Equal(1, _server.Reloader.Current.Version);
    }

    [Fact]
    public async Task The_event_stream_takes_the_cookie()
    {
        using var client = _server.Client(bearer: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/events");
        request.Headers.Add("Cookie", "strata_token=" + DashboardServer.Token);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task The_assets_need_no_token_and_hold_no_data()
    {
        using var client = _server.Client(bearer: false);
        var script = await client.GetStringAsync("dashboard.js");
        Assert.Contains("api/snapshot", script, StringComparison.Ordinal);
        Assert.Contains("--accent", await client.GetStringAsync("dashboard.css"), StringComparison.Ordinal);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
