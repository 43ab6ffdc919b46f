using Strata.Reload;

namespace Strata.Dashboard;

/// <summary>Settings of a dashboard mapped with <c>MapStrataDashboard</c>.</summary>
public sealed class StrataDashboardOptions
{
    /// <summary>
    /// The token every request must carry: <c>Authorization: Bearer TOKEN</c>, or for reads the <c>strata_token</c>
    /// cookie that opening <c>BASE/?token=TOKEN</c> sets.
    /// </summary>
    /// <value>
    /// Default null: a random token is made when the dashboard is mapped and logged once, with the dashboard's path, at
    /// information level (category <c>Strata.Dashboard</c>). Set it for anything beyond a developer's machine.
    /// </value>
    public string? Token { get; set; }

    /// <summary>The reloader whose configuration the dashboard shows and drives.</summary>
    /// <value>Default null: the <see cref="ConfigurationHotReloader"/> registered in the application's services (by <c>AddStrata</c>).</value>
    public ConfigurationHotReloader? Reloader { get; set; }

    /// <summary>
    /// Returns the fleet as the JSON document of <c>strata fleet status --format json</c>
    /// (<c>{"release":N,"rollout":{…}|null,"instances":[{…}]}</c>), or null when there is none to show.
    /// </summary>
    /// <value>Default null: <c>GET api/fleet</c> answers 404 and the page shows no fleet view.</value>
    public Func<CancellationToken, Task<string?>>? FleetStatus { get; set; }

    /// <summary>Whether requests from other machines are answered without an authorization requirement on the endpoints.</summary>
    /// <value>
    /// Default false: unless the application attaches one (<c>.RequireAuthorization(…)</c> on the returned builder), only
    /// loopback requests are answered and others get 403. The CLI sets it when bound to a non-loopback address.
    /// </value>
    public bool AllowRemoteRequests { get; set; }
}
