using Microsoft.AspNetCore.Builder;
using Strata.Hierarchy;
using Strata.Reload;
using Strata.Testing;

namespace Strata.Dashboard.Tests;

/// <summary>Without a configured token the dashboard makes one up only in Development; elsewhere mapping it fails.</summary>
public sealed class DashboardTokenTests
{
    private static async Task<ConfigurationHotReloader> ReloaderAsync(TempDirectory dir)
    {
        TempDirectory.CopyTree(TempDirectory.SampleConfig, dir.Path);
        var manager = new EnvironmentConfigManager(dir.Path, new EnvironmentConfigOptions
        {
            Environment = "development",
            EnvironmentVariables = new Dictionary<string, string> { ["REDIS_PASSWORD"] = "x-secret" },
        });
        var reloader = new ConfigurationHotReloader(manager, new ReloadOptions { Strategy = ReloadStrategy.Manual });
        await reloader.StartAsync();
        return reloader;
    }

    [Fact]
    public async Task Outside_development_a_missing_token_is_refused_when_mapping()
    {
        using var dir = new TempDirectory("strata-dashboard-token-");
        await using var reloader = await ReloaderAsync(dir);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        await using var app = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => app.MapStrataDashboard("/strata", o => o.Reloader = reloader));
        Assert.Contains("needs StrataDashboardOptions.Token outside the Development environment (this is Production)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_development_a_missing_token_is_made_up_and_mapping_succeeds()
    {
        using var dir = new TempDirectory("strata-dashboard-token-");
        await using var reloader = await ReloaderAsync(dir);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        await using var app = builder.Build();

        Assert.NotNull(app.MapStrataDashboard("/strata", o => o.Reloader = reloader));
    }
}
