using System.Text.Json;
using Microsoft.Playwright;
using Strata.Notifications;
using Strata.Reload;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Strata.Dashboard.Tests;

/// <summary>The manual strategy: pending changes in <c>api/status</c> and the header, applied by "Reload now".</summary>
[Collection("browser")]
public sealed class ManualStrategyTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private DashboardServer _server = null!;
    private readonly TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IDisposable? _subscription;

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync(strategy: ReloadStrategy.Manual);
        _subscription = _server.Reloader.AddNotificationCallback(n =>
        {
            if (n.EventType == ReloadEvent.FileChanged)
            {
                _changed.TrySetResult();
            }
        });
    }

    public async Task DisposeAsync()
    {
        _subscription?.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Status_lists_the_pending_files_until_a_reload_applies_them()
    {
        using var client = _server.Client();
        await _server.EditAsync("environments/development.yaml", "max_steps: 100", "max_steps: 250");
        await _changed.Task.WaitAsync(DashboardServer.Patience);

        using (var status = JsonDocument.Parse(await client.GetStringAsync("api/status")))
        {
            Assert.Equal("manual", status.RootElement.GetProperty("strategy").GetString());
            Assert.Contains("environments/development.yaml", status.RootElement.GetProperty("pendingChanges").EnumerateArray().Select(f => f.GetString()));
            Assert.Equal(1, status.RootElement.GetProperty("version").GetInt64());
        }

        using (var outcome = JsonDocument.Parse(await (await client.PostAsync("api/reload", null)).Content.ReadAsStringAsync()))
        {
            Assert.Equal("published", outcome.RootElement.GetProperty("status").GetString());
            Assert.Equal(2, outcome.RootElement.GetProperty("version").GetInt64());
            Assert.Equal("max_steps", outcome.RootElement.GetProperty("changes")[0].GetProperty("path").GetString());
        }

        using var after = JsonDocument.Parse(await client.GetStringAsync("api/status"));
        Assert.Equal(0, after.RootElement.GetProperty("pendingChanges").GetArrayLength());
    }

    [Fact]
    public async Task The_page_shows_the_pending_files_and_Reload_now_applies_them()
    {
        output.WriteLine($"browser: chromium {browser.Browser.Version}");
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_server.BaseUrl + "?token=" + DashboardServer.Token);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");

        await _server.EditAsync("environments/development.yaml", "max_steps: 100", "max_steps: 250");
        await Expect(page.Locator("#pending")).ToContainTextAsync("environments/development.yaml");
        await Expect(page.Locator(".leaf[data-path='max_steps'] .value")).ToHaveTextAsync("100");

        await page.Locator("#reload-now").ClickAsync();
        await Expect(page.Locator(".leaf[data-path='max_steps'] .value")).ToHaveTextAsync("250");
        await Expect(page.Locator("#toast")).ToContainTextAsync("version 2");
        await Expect(page.Locator("#pending")).ToBeHiddenAsync();
        Assert.Equal(2, _server.Reloader.Current.Version);
        await page.Context.CloseAsync();
    }
}
