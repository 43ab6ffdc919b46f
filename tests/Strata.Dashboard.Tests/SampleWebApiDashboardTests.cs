using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Strata.Reload;
using Strata.Testing;

namespace Strata.Dashboard.Tests;

/// <summary>The sample web app maps the dashboard at /strata over its own reloader (the one AddStrata registers).</summary>
public sealed class SampleWebApiDashboardTests : IDisposable
{
    private const string Token = "sample-token";
    private readonly TempDirectory _dir = new("strata-sample-dashboard-");

    public SampleWebApiDashboardTests() => TempDirectory.CopyTree(TempDirectory.SampleConfig, _dir.Path);

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task The_sample_serves_the_dashboard_over_the_reloader_AddStrata_registered()
    {
        await using var app = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("Strata:ConfigDirectory", _dir.Path)
            .UseSetting("Strata:DashboardToken", Token)
            .UseEnvironment("Development")
            .ConfigureServices(services => services.AddSingleton<IStartupFilter, LoopbackCaller>()));
        using var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/strata/api/snapshot", UriKind.Relative))).StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var snapshot = JsonDocument.Parse(await client.GetStringAsync(new Uri("/strata/api/snapshot", UriKind.Relative)));
        var reloader = app.Services.GetRequiredService<ConfigurationHotReloader>();
        Assert.Equal(reloader.Current.ContentHash, snapshot.RootElement.GetProperty("contentHash").GetString());
        Assert.Equal("development", snapshot.RootElement.GetProperty("environment").GetString());

        using var page = await client.GetAsync(new Uri("/strata/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
    }

    /// <summary>The in-process test server gives requests no remote address; this one says they come from loopback, as a browser on the machine would.</summary>
    private sealed class LoopbackCaller : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
                return following(context);
            });
            next(app);
        };
    }
}
