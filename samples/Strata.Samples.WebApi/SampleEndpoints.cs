using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Strata.Extensions.Configuration;
using Strata.Hierarchy;
using Strata.Model;
using Strata.Reload;
using Strata.Secrets;

namespace Strata.Samples.WebApi;

/// <summary>The sample's endpoints: one value, the bound redis options, and the reload status.</summary>
public static class SampleEndpoints
{
    /// <summary>Maps <c>GET /config/{key}</c>, <c>GET /redis</c> and <c>GET /status</c>.</summary>
    /// <param name="app">The application.</param>
    public static IEndpointRouteBuilder MapSampleEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/config/{key}", GetValue);
        app.MapGet("/redis", GetRedis);
        app.MapGet("/status", GetStatus);
        return app;
    }

    /// <summary>One value (a scalar or a whole subtree) with its version and origin; secrets masked.</summary>
    private static IResult GetValue(string key, IConfigSnapshotAccessor strata, EnvironmentConfigManager manager)
    {
        if (!ConfigPath.TryParse(key, out var path, out var error))
        {
            return Results.BadRequest(new { error });
        }

        var snapshot = strata.Current;
        if (!snapshot.TryGetNode(path.Text, out var node))
        {
            return Results.NotFound(new { error = $"configuration key '{path.Text}' does not exist", version = snapshot.Version });
        }

        var redactor = manager.Options.Redactor;
        return Results.Ok(new
        {
            key = path.Text,
            value = JsonNode.Parse(node.ToJson(redactor, path)),
            origin = node.Origin.ToString(),
            version = snapshot.Version,
        });
    }

    /// <summary>The <c>redis</c> section as bound options; the password is only reported as set or not.</summary>
    private static IResult GetRedis(IOptionsMonitor<RedisOptions> redis)
    {
        var current = redis.CurrentValue;
        return Results.Ok(new
        {
            host = current.Host,
            port = current.Port,
            db = current.Db,
            decodeResponses = current.DecodeResponses,
            password = string.IsNullOrEmpty(current.Password) ? null : SecretRedactor.Mask,
        });
    }

    /// <summary>The published version, its content hash, and the reloader's statistics.</summary>
    private static IResult GetStatus(IConfigSnapshotAccessor strata, ConfigurationHotReloader reloader)
    {
        var snapshot = strata.Current;
        return Results.Ok(new
        {
            version = snapshot.Version,
            contentHash = snapshot.ContentHash,
            timestamp = snapshot.Timestamp,
            environment = snapshot.Environment,
            agent = snapshot.Agent,
            keys = snapshot.Count,
            directory = reloader.Manager.ConfigDirectory,
            statistics = reloader.GetStatistics(),
        });
    }
}
