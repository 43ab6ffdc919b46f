using Microsoft.Playwright;
using Strata.Testing;

namespace Strata.Dashboard.Tests;

/// <summary>
/// One headless Chromium for the browser tests: Debian's <c>chromium</c> package (installed by test.sh), driven by
/// Playwright through <see cref="BrowserTypeLaunchOptions.ExecutablePath"/>; nothing is downloaded.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Where Debian installs Chromium; STRATA_CHROMIUM overrides it.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("STRATA_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>
    /// Where the screenshots go: docs/images/ when STRATA_UPDATE_SCREENSHOTS=1 (so a test run leaves the work tree as it
    /// was), else a temporary folder.
    /// </summary>
    public static string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("STRATA_UPDATE_SCREENSHOTS") == "1"
        ? Path.Combine(TempDirectory.RepositoryRoot, "docs", "images")
        : Path.Combine(Path.GetTempPath(), "strata-dashboard-screenshots");

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>A page of its own (fresh cookies), 1280×800, with a 30 s default timeout.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>Writes a screenshot of the page.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png") });
    }
}

[CollectionDefinition("browser")]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>;
