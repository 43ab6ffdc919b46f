using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Strata.Hierarchy;
using Strata.Reload;
using Strata.Snapshots;
using Strata.Testing;

namespace Strata.Dashboard.Tests;

/// <summary>
/// A dashboard on a real loopback port (Kestrel) over a temporary copy of samples/config, for API and browser tests.
/// The copy's redis.password comes from REDIS_PASSWORD, set to <see cref="Secret"/>.
/// </summary>
internal sealed class DashboardServer : IAsyncDisposable
{
    public const string Token = "test-token-0123456789abcdef";
    public const string Secret = "hunter2-SECRET-value";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private WebApplication? _app;

    private DashboardServer(TempDirectory dir, ConfigurationHotReloader reloader)
    {
        Directory = dir;
        Reloader = reloader;
    }

    public TempDirectory Directory { get; }

    public ConfigurationHotReloader Reloader { get; }

    /// <summary>The dashboard's base URL, ending in '/'.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<DashboardServer> StartAsync(
        Action<StrataDashboardOptions>? configure = null,
        ReloadStrategy strategy = ReloadStrategy.Immediate,
        Action<TempDirectory>? prepare = null,
        string pattern = "/strata")
    {
        var dir = new TempDirectory("strata-dashboard-");
        TempDirectory.CopyTree(TempDirectory.SampleConfig, dir.Path);
        prepare?.Invoke(dir);
        var manager = new EnvironmentConfigManager(dir.Path, new EnvironmentConfigOptions
        {
            Environment = "development",
            EnvironmentVariables = new Dictionary<string, string> { ["REDIS_PASSWORD"] = Secret },
        });
        var reloader = new ConfigurationHotReloader(manager, new ReloadOptions { Strategy = strategy });
        var server = new DashboardServer(dir, reloader);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        server._app = app;
        app.MapStrataDashboard(pattern, o =>
        {
            o.Token = Token;
            o.Reloader = reloader;
            configure?.Invoke(o);
        });
        await reloader.StartAsync();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + pattern.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>A client with no cookies of its own; <paramref name="bearer"/> adds the header.</summary>
    public HttpClient Client(bool bearer = true)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = BaseUrl, Timeout = Patience };
        if (bearer)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        return client;
    }

    /// <summary>Saves a file as editors do (write elsewhere, rename over), so a reload never reads half of it.</summary>
    public async Task SaveAsync(string relative, string content)
    {
        var path = Path.Combine(Directory.Path, relative);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, content);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Replaces text in a config file and saves it atomically.</summary>
    public async Task EditAsync(string relative, string from, string to)
    {
        var text = await File.ReadAllTextAsync(Path.Combine(Directory.Path, relative));
        Assert.Contains(from, text, StringComparison.Ordinal);
        await SaveAsync(relative, text.Replace(from, to, StringComparison.Ordinal));
    }

    /// <summary>Edits max_steps in development.yaml and waits for the version it publishes.</summary>
    public async Task<ConfigSnapshot> SetMaxStepsAsync(int from, int to)
    {
        var next = Reloader.Current.Version + 1;
        await EditAsync("environments/development.yaml", $"max_steps: {from}", $"max_steps: {to}");
        using var cts = new CancellationTokenSource(Patience);
        return await Reloader.WaitForVersionAsync(next, cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Reloader.DisposeAsync();
        Directory.Dispose();
    }
}
