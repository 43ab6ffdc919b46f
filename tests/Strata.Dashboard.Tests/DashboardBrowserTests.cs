using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Strata.Dashboard.Tests;

[Collection("browser")]
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private readonly BrowserFixture _browser;
    private DashboardServer _server = null!;
    private IPage _page = null!;

    public DashboardBrowserTests(BrowserFixture browser, ITestOutputHelper output)
    {
        _browser = browser;
        output.WriteLine($"browser: chromium {browser.Browser.Version} ({BrowserFixture.ChromiumPath})");
    }

    public async Task InitializeAsync()
    {
        _server = await DashboardServer.StartAsync();
        _page = await _browser.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task The_tree_shows_values_with_their_layer_and_file_line_and_on_demand_what_they_override()
    {
        await OpenAsync();
        var maxSteps = Leaf("max_steps");
        await Expect(maxSteps.Locator(".value")).ToHaveTextAsync("100");
        await Expect(maxSteps.Locator(".layer")).ToHaveTextAsync("environment");
        await Expect(maxSteps.Locator(".origin")).ToHaveTextAsync("environments/development.yaml:2");
        await Expect(Leaf("redis.port").Locator(".origin")).ToContainTextAsync("base.yaml:");
        await Expect(_page.Locator("#context")).ToContainTextAsync("development · v1");

        await maxSteps.Locator(".ovr-toggle").ClickAsync();
        var overrides = _page.Locator(".overrides");
        await Expect(overrides).ToContainTextAsync("base.yaml:");
        await Expect(overrides.Locator(".layer")).ToHaveTextAsync("global");
        await BrowserFixture.ScreenshotAsync(_page, "dashboard-configuration");
    }

    [Fact]
    public async Task An_edit_on_disk_appears_without_reloading_the_page_and_is_highlighted()
    {
        await OpenAsync();
        await _page.EvaluateAsync("window.__sameDocument = true");
        await _server.EditAsync("environments/development.yaml", "max_steps: 100", "max_steps: 250");

        await Expect(Leaf("max_steps").Locator(".value")).ToHaveTextAsync("250");
        await Expect(Leaf("max_steps")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("changed"));
        await Expect(_page.Locator("#context")).ToContainTextAsync("v2");
        Assert.True(await _page.EvaluateAsync<bool>("window.__sameDocument === true"));
    }

    [Fact]
    public async Task A_malformed_edit_shows_the_failure_banner_with_file_and_line_and_keeps_the_values()
    {
        await OpenAsync();
        await _server.SaveAsync("environments/development.yaml", "max_steps: [\n");

        var banner = _page.Locator("#failure");
        await Expect(banner).ToBeVisibleAsync();
        await Expect(banner).ToContainTextAsync("environments/development.yaml:");
        await Expect(banner).ToContainTextAsync("version 1 stays live");
        await Expect(Leaf("max_steps").Locator(".value")).ToHaveTextAsync("100");
        await BrowserFixture.ScreenshotAsync(_page, "dashboard-failed-reload");

        // A good save afterwards clears the banner.
        await _server.SaveAsync("environments/development.yaml", (await File.ReadAllTextAsync(Path.Combine(Strata.Testing.TempDirectory.SampleConfig, "environments", "development.yaml"))).Replace("max_steps: 100", "max_steps: 120", StringComparison.Ordinal));
        await Expect(Leaf("max_steps").Locator(".value")).ToHaveTextAsync("120");
        await Expect(banner).ToBeHiddenAsync();
    }

    [Fact]
    public async Task The_versions_view_shows_the_diff_between_two_versions()
    {
        await OpenAsync();
        await _server.SetMaxStepsAsync(100, 200);
        await Expect(_page.Locator("#context")).ToContainTextAsync("v2");

        await _page.Locator(".tabs button[data-view=versions]").ClickAsync();
        await Expect(_page.Locator("#timeline li")).ToHaveCountAsync(2);
        await _page.Locator("#diff-from").SelectOptionAsync("1");
        await _page.Locator("#diff-to").SelectOptionAsync("2");
        await _page.Locator("#diff-show").ClickAsync();
        var row = _page.Locator("tr.change[data-path=max_steps]");
        await Expect(row).ToContainTextAsync("modified");
        await Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("100");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("200");
        await Expect(_page.Locator("#timeline li.current")).ToContainTextAsync("environments/development.yaml");
        await BrowserFixture.ScreenshotAsync(_page, "dashboard-versions");
    }

    [Fact]
    public async Task Rollback_through_the_button_asks_first_then_publishes_the_old_content_as_a_new_version()
    {
        await OpenAsync();
        await _server.SetMaxStepsAsync(100, 200);
        await Expect(_page.Locator("#context")).ToContainTextAsync("v2");
        await _page.Locator(".tabs button[data-view=versions]").ClickAsync();

        string? question = null;
        _page.Dialog += async (_, dialog) =>
        {
            question = dialog.Message;
            await dialog.AcceptAsync();
        };
        await _page.Locator("button.rollback[data-version='1']").ClickAsync();

        await Expect(_page.Locator("#context")).ToContainTextAsync("v3");
        await Expect(Leaf("max_steps").Locator(".value")).ToHaveTextAsync("100");
        Assert.Contains("Roll back to version 1", question, StringComparison.Ordinal);
        Assert.Equal(3, _server.Reloader.Current.Version);
        Assert.Equal(100, _server.Reloader.Current.Get<int>("max_steps"));
    }

    [Fact]
    public async Task Dismissing_the_rollback_question_changes_nothing()
    {
        await OpenAsync();
        await _server.SetMaxStepsAsync(100, 200);
        await _page.Locator(".tabs button[data-view=versions]").ClickAsync();
        var asked = new TaskCompletionSource();
        _page.Dialog += async (_, dialog) =>
        {
            await dialog.DismissAsync();
            asked.TrySetResult();
        };
        await _page.Locator("button.rollback[data-version='1']").ClickAsync();
        await asked.Task.WaitAsync(DashboardServer.Patience);
        Assert.Equal(2, _server.Reloader.Current.Version);
    }

    [Fact]
    public async Task Search_filters_keys_by_path_and_value()
    {
        await OpenAsync();
        await _page.Locator("#search").FillAsync("redis.");
        await Expect(Leaf("redis.port")).ToBeVisibleAsync();
        await Expect(Leaf("max_steps")).ToBeHiddenAsync();
        await Expect(_page.Locator("#count")).ToContainTextAsync(" of ");

        await _page.Locator("#search").FillAsync("farm-simulation");
        await Expect(Leaf("simulation_id")).ToBeVisibleAsync();
        await Expect(Leaf("redis.port")).ToBeHiddenAsync();

        await _page.Locator("#search").FillAsync("");
        await Expect(Leaf("max_steps")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_secret_appears_nowhere_in_the_page_or_any_response()
    {
        var bodies = new List<Task<string>>();
        _page.Response += (_, response) =>
        {
            if (!response.Url.Contains("api/events", StringComparison.Ordinal))
            {
                lock (bodies)
                {
                    bodies.Add(response.TextAsync());
                }
            }
        };
        await OpenAsync();
        await Expect(Leaf("redis.password").Locator(".value")).ToHaveTextAsync("***");
        await _server.EditAsync("base.yaml", "password: \"${REDIS_PASSWORD:-}\"", "password: \"edited-SECRET-value\"");
        await Expect(_page.Locator("#context")).ToContainTextAsync("v2");
        await Expect(Leaf("redis.password")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("changed"));
        await _page.Locator(".tabs button[data-view=versions]").ClickAsync();
        await Expect(_page.Locator("tr.change[data-path='redis.password']")).ToContainTextAsync("***");

        var html = await _page.ContentAsync();
        var text = await _page.EvaluateAsync<string>("document.body.innerText");
        Task<string>[] pending;
        lock (bodies)
        {
            pending = [.. bodies];
        }

        var responses = await Task.WhenAll(pending);
        Assert.Contains(responses, r => r.Contains("redis.password", StringComparison.Ordinal));
        foreach (var content in responses.Append(html).Append(text))
        {
            Assert.DoesNotContain(DashboardServer.Secret, content, StringComparison.Ordinal);
            Assert.DoesNotContain("edited-SECRET-value", content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_the_token_the_page_says_so_and_shows_nothing()
    {
        await _page.GotoAsync(_server.BaseUrl.ToString());
        await Expect(_page.Locator("body")).ToHaveAttributeAsync("data-ready", "refused");
        await Expect(_page.Locator("#notice")).ToContainTextAsync("No token");
        await Expect(_page.Locator("#app")).ToBeHiddenAsync();
        await Expect(_page.Locator(".leaf")).ToHaveCountAsync(0);
        Assert.DoesNotContain("max_steps", await _page.ContentAsync(), StringComparison.Ordinal);
        await BrowserFixture.ScreenshotAsync(_page, "dashboard-no-token");
    }

    [Fact]
    public async Task The_token_leaves_the_address_bar_and_the_cookie_keeps_reads_working_after_a_reload()
    {
        await OpenAsync();
        Assert.DoesNotContain("token", _page.Url, StringComparison.Ordinal);
        var cookie = (await _page.Context.CookiesAsync()).Single(c => c.Name == "strata_token");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        await _page.ReloadAsync();
        await Expect(_page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(Leaf("max_steps").Locator(".value")).ToHaveTextAsync("100");
    }

    private ILocator Leaf(string path) => _page.Locator($".leaf[data-path='{path}']");

    /// <summary>Opens the page with the token and waits until the tree is drawn and the event stream is open.</summary>
    private async Task OpenAsync()
    {
        await _page.GotoAsync(_server.BaseUrl + "?token=" + DashboardServer.Token);
        await Expect(_page.Locator("body")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(_page.Locator("#live")).ToHaveTextAsync("live");
    }
}
