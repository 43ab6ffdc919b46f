using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Strata.Testing;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Strata.Dashboard.Tests;

[Collection("browser")]
public sealed class DashboardFleetAndPaintTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string FleetJson = """
        {"release":7,
         "rollout":{"release":7,"previousRelease":6,"state":"progressing","currentWave":2,
           "waves":[{"wave":1,"target":"1","instances":1},{"wave":2,"target":"50%","instances":3},{"wave":3,"target":"100%","instances":5}],
           "bakeSeconds":60,"maxUnhealthy":0,"started":"2026-12-02T10:00:00.000Z","waveOpened":"2026-12-02T10:01:00.000Z",
           "updated":"2026-12-02T10:01:30.000Z","finished":null,"reason":null,"failures":[],"rollbackRelease":null},
         "instances":[
           {"id":"web-1","host":"web-1","pid":4101,"environment":"production","agent":null,"release":7,"version":3,"contentHash":"ab12","state":"applied","errors":[],"wave":1,"updated":"2026-12-02T10:01:10.000Z"},
           {"id":"web-2","host":"web-2","pid":4102,"environment":"production","agent":null,"release":7,"version":3,"contentHash":"ab12","state":"applied","errors":[],"wave":2,"updated":"2026-12-02T10:01:31.000Z"},
           {"id":"web-3","host":"web-3","pid":4103,"environment":"production","agent":null,"release":6,"version":2,"contentHash":"cd34","state":"holding","errors":[],"wave":3,"updated":"2026-12-02T10:00:05.000Z"},
           {"id":"web-4","host":"web-4","pid":4104,"environment":"production","agent":null,"release":7,"version":2,"contentHash":"cd34","state":"rejected",
            "errors":[{"file":"environments/production.yaml","line":4,"column":9,"path":"redis.port","message":"must be at most 65535"}],"wave":2,"updated":"2026-12-02T10:01:32.000Z"}]}
        """;

    [Fact]
    public async Task The_fleet_view_shows_the_instances_and_the_rollout_with_its_current_wave()
    {
        output.WriteLine($"browser: chromium {browser.Browser.Version}");
        await using var server = await DashboardServer.StartAsync(o => o.FleetStatus = _ => Task.FromResult<string?>(FleetJson));
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "?token=" + DashboardServer.Token);
        var tab = page.Locator(".tabs button[data-view=fleet]");
        await Expect(tab).ToBeVisibleAsync();
        await tab.ClickAsync();

        await Expect(page.Locator("#rollout h2")).ToHaveTextAsync("Release 7");
        await Expect(page.Locator("#rollout .state")).ToHaveTextAsync("progressing");
        await Expect(page.Locator(".waves li")).ToHaveCountAsync(3);
        await Expect(page.Locator(".waves li.current")).ToHaveAttributeAsync("data-wave", "2");
        await Expect(page.Locator(".waves li.done")).ToHaveAttributeAsync("data-wave", "1");
        await Expect(page.Locator("#instances tr[data-instance]")).ToHaveCountAsync(4);
        var rejected = page.Locator("#instances tr[data-instance='web-4']");
        await Expect(rejected.Locator(".state")).ToHaveTextAsync("rejected");
        await Expect(rejected).ToContainTextAsync("environments/production.yaml:4:9: redis.port: must be at most 65535");
        await BrowserFixture.ScreenshotAsync(page, "dashboard-fleet");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_fleet_tab_stays_hidden_without_a_fleet()
    {
        await using var server = await DashboardServer.StartAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "?token=" + DashboardServer.Token);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await Expect(page.Locator(".tabs button[data-view=fleet]")).ToBeHiddenAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task First_paint_of_the_sample_configuration_is_measured()
    {
        await using var server = await DashboardServer.StartAsync();
        await MeasureAsync(server, "samples/config");
    }

    [Fact]
    public async Task First_paint_of_a_ten_thousand_key_configuration_is_measured()
    {
        await using var server = await DashboardServer.StartAsync(prepare: dir =>
        {
            // Only base.yaml: 100 sections of 100 keys, no schema, migrations or other layers.
            foreach (var sub in new[] { "environments", "agents", "migrations" })
            {
                Directory.Delete(Path.Combine(dir.Path, sub), recursive: true);
            }

            dir.Delete("schema.yaml");
            var yaml = new StringBuilder();
            for (var s = 0; s < 100; s++)
            {
                yaml.Append(CultureInfo.InvariantCulture, $"section_{s:D3}:\n");
                for (var k = 0; k < 100; k++)
                {
                    yaml.Append(CultureInfo.InvariantCulture, $"  key_{k:D3}: {(k % 3 == 0 ? $"\"value {s}-{k}\"" : (s * 100 + k).ToString(CultureInfo.InvariantCulture))}\n");
                }
            }

            dir.Write("base.yaml", yaml.ToString());
        });
        Assert.Equal(10_000, server.Reloader.Current.Count);
        await MeasureAsync(server, "10,000 keys");
    }

    /// <summary>
    /// Opens the page and prints how long after navigation the tree was on screen, for three visits after the first
    /// (which sets the cookie), and their median; nothing is asserted, the machine may be busy.
    /// </summary>
    private async Task MeasureAsync(DashboardServer server, string name)
    {
        // The snapshot document of a version is written on its first request, then reused.
        using (var client = server.Client())
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var bytes = (await client.GetByteArrayAsync("api/snapshot")).Length;
            var cold = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            await client.GetByteArrayAsync("api/snapshot");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"api/snapshot, {name}: {bytes / 1024} KiB, first request {cold:F0} ms, next {clock.Elapsed.TotalMilliseconds:F0} ms"));
        }

        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "?token=" + DashboardServer.Token);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        var runs = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await page.ReloadAsync();
            await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
            var ms = await page.EvaluateAsync<double>("window.strataFirstPaintMs");
            var parts = await page.EvaluateAsync<string>("(t => `script ${t.start.toFixed(0)} ms, snapshot ${(t.snapshot - t.start).toFixed(0)} ms, first rows ${(t.rendered - t.snapshot).toFixed(0)} ms, layout and paint ${(window.strataFirstPaintMs - t.rendered).toFixed(0)} ms; whole tree in ${t.complete.toFixed(0)} ms`)(window.strataTiming)");
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first paint, {name}, visit {i + 1}: {ms:F0} ms ({parts})"));
            runs.Add(ms);
        }

        var keys = await page.Locator(".leaf").CountAsync();
        runs.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first paint, {name}: median {runs[1]:F0} ms from navigation to the drawn tree ({keys} keys, chromium {browser.Browser.Version}, load average {LoadAverage()})"));
        if (name == "samples/config")
        {
            await BrowserFixture.ScreenshotAsync(page, "dashboard-first-paint");
        }

        await page.Context.CloseAsync();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
