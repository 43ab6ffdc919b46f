using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Dashboard;
using Strata.Dashboard.Api;
using Strata.Dashboard.Page;
using Strata.Dashboard.Security;
using Strata.Reload;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps Strata's dashboard: the page and its JSON API under one base path.</summary>
public static class StrataDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard at <paramref name="pattern"/>: the page at <c>pattern/</c> and the API under <c>pattern/api/</c>
    /// (snapshot, versions, diff, events, status, reload, rollback, fleet). Every request needs the token; reads accept
    /// the <c>strata_token</c> cookie set by opening <c>pattern/?token=TOKEN</c>, writes only <c>Authorization: Bearer</c>.
    /// Without an authorization requirement on the returned builder, only loopback requests are answered.
    /// </summary>
    /// <param name="endpoints">The application or a route group.</param>
    /// <param name="pattern">The base path, for example <c>/strata</c>.</param>
    /// <param name="configure">Sets the token, the reloader, the fleet source.</param>
    /// <returns>The conventions of every dashboard endpoint, for <c>.RequireAuthorization(…)</c> and the like.</returns>
    /// <exception cref="InvalidOperationException">No reloader is given and none is registered (call <c>AddStrata</c> first), or no
    /// token is set outside the Development environment (in Development a random one is made and logged with the URL).</exception>
    public static IEndpointConventionBuilder MapStrataDashboard(this IEndpointRouteBuilder endpoints, string pattern = "/strata", Action<StrataDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        var options = new StrataDashboardOptions();
        configure?.Invoke(options);
        var services = endpoints.ServiceProvider;
        var reloader = options.Reloader ?? services.GetService<ConfigurationHotReloader>()
            ?? throw new InvalidOperationException("MapStrataDashboard needs a ConfigurationHotReloader: register one with AddStrata, or set StrataDashboardOptions.Reloader");
        var token = options.Token;
        if (string.IsNullOrEmpty(token))
        {
            // A token that only the log knows is a credential in the log: acceptable on a developer's machine, nowhere else.
            if (services.GetService<IHostEnvironment>() is { } host && !host.IsDevelopment())
            {
                throw new InvalidOperationException(
                    $"MapStrataDashboard needs StrataDashboardOptions.Token outside the Development environment (this is {host.EnvironmentName}): the dashboard's token must not be made up and written to the log there");
            }

            token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            if (services.GetService<ILoggerFactory>() is { } loggers)
            {
                var logger = loggers.CreateLogger("Strata.Dashboard");
                var path = pattern.TrimEnd('/');
                DashboardLog.GeneratedToken(logger, path, token);
            }
        }

        var stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
        var state = new DashboardState(reloader, options.FleetStatus);
        stopping.Register(state.Dispose);
        var guard = new DashboardGuard(token, options.AllowRemoteRequests);
        var api = new DashboardEndpoints(state, guard);
        var events = new EventStream(state, guard, stopping);
        var page = new DashboardPage(guard);

        var prefix = pattern.TrimEnd('/');
        var group = endpoints.MapGroup(prefix.Length == 0 ? "/" : prefix);
        group.MapGet("/", page.Index);
        group.MapGet("/dashboard.js", page.ScriptFile);
        group.MapGet("/dashboard.css", page.StyleFile);
        group.MapGet("/api/snapshot", api.Snapshot);
        group.MapGet("/api/versions", api.Versions);
        group.MapGet("/api/diff", api.Diff);
        group.MapGet("/api/events", events.Handle);
        group.MapGet("/api/status", api.Status);
        group.MapPost("/api/reload", api.Reload);
        group.MapPost("/api/rollback", api.Rollback);
        group.MapGet("/api/fleet", api.Fleet);
        return group;
    }
}
