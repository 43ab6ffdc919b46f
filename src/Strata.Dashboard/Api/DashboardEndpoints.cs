using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Strata.Dashboard.Security;
using Strata.Reload;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Dashboard.Api;

/// <summary>The JSON API: one handler per row of the table in docs/dashboard.md.</summary>
internal sealed class DashboardEndpoints(DashboardState state, DashboardGuard guard)
{
    public Task Snapshot(HttpContext context) => Run(context, write: false, () => Task.FromResult(ApiResults.Json(state.SnapshotDocument())));

    public Task Versions(HttpContext context) => Run(context, write: false, () =>
    {
        var history = state.Reloader.History;
        var current = state.Reloader.Current.Version;
        return Task.FromResult(ApiResults.Json(w =>
        {
            w.WriteStartArray();
            ConfigSnapshot? previous = null;
            foreach (var s in history)
            {
                w.WriteStartObject();
                w.WriteNumber("version", s.Version);
                w.WriteString("timestamp", Timestamps.Format(s.Timestamp));
                w.WriteString("contentHash", s.ContentHash);
                w.WriteBoolean("current", s.Version == current);
                w.WriteStartArray("files");
                foreach (var file in state.FilesOf(s.Version))
                {
                    w.WriteStringValue(file);
                }

                w.WriteEndArray();
                w.WritePropertyName("changes");
                ChangeJson.WriteArray(w, previous is null ? [] : ConfigDiff.Compute(previous.Root, s.Root), state.Redactor);
                w.WriteEndObject();
                previous = s;
            }

            w.WriteEndArray();
        }));
    });

    public Task Diff(HttpContext context) => Run(context, write: false, () =>
    {
        if (!TryVersion(context.Request.Query["from"], out var from) || !TryVersion(context.Request.Query["to"], out var to))
        {
            return Task.FromResult(ApiResults.Error(StatusCodes.Status400BadRequest, "diff needs ?from=V&to=W, two version numbers"));
        }

        var before = state.Find(from);
        var after = state.Find(to);
        if (before is null || after is null)
        {
            var missing = before is null ? from : to;
            return Task.FromResult(ApiResults.Error(StatusCodes.Status404NotFound, string.Create(CultureInfo.InvariantCulture, $"version {missing} is not retained; retained: {string.Join(", ", state.Reloader.History.Select(s => s.Version))}")));
        }

        return Task.FromResult(ApiResults.Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("from", from);
            w.WriteNumber("to", to);
            w.WritePropertyName("changes");
            ChangeJson.WriteArray(w, ConfigDiff.Compute(before.Root, after.Root), state.Redactor);
            w.WriteEndObject();
        }));
    });

    public Task Status(HttpContext context) => Run(context, write: false, () =>
    {
        var stats = state.Reloader.GetStatistics();
        var manager = state.Reloader.Manager;
        var current = state.Reloader.Current;
        return Task.FromResult(ApiResults.Json(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("version", current.Version);
            w.WriteString("contentHash", current.ContentHash);
            w.WriteString("environment", current.Environment);
            w.WriteString("agent", current.Agent);
            w.WriteString("directory", manager.ConfigDirectory);
            w.WriteString("strategy", stats.Strategy.ToString().ToLowerInvariant());
            w.WriteString("watcherMode", stats.WatcherMode);
            w.WriteBoolean("isMonitoring", stats.IsMonitoring);
            w.WriteBoolean("isReloading", stats.IsReloading);
            w.WriteNumber("reloads", stats.Reloads);
            w.WriteNumber("failures", stats.Failures);
            w.WriteNumber("rollbacks", stats.Rollbacks);
            w.WriteNumber("identicalSkipped", stats.IdenticalSkipped);
            w.WriteNumber("changeSignals", stats.ChangeSignals);
            w.WriteNumber("lastDurationMs", stats.LastDuration.TotalMilliseconds);
            if (stats.LastReloadAt is { } at)
            {
                w.WriteString("lastReloadAt", Timestamps.Format(at));
            }
            else
            {
                w.WriteNull("lastReloadAt");
            }

            w.WriteString("lastError", stats.LastError);
            state.WriteLastFailure(w);
            w.WriteStartArray("pendingChanges");
            foreach (var file in state.Reloader.GetPendingChanges())
            {
                w.WriteStringValue(file);
            }

            w.WriteEndArray();
            w.WriteBoolean("fleet", state.FleetStatus is not null);
            w.WriteEndObject();
        }));
    });

    public Task Reload(HttpContext context) => Run(context, write: true, async () =>
    {
        var outcome = await state.Reloader.ReloadNowAsync(context.RequestAborted).ConfigureAwait(false);
        return Outcome(outcome);
    });

    public Task Rollback(HttpContext context) => Run(context, write: true, async () =>
    {
        long version;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            if (body.RootElement.ValueKind != JsonValueKind.Object || !body.RootElement.TryGetProperty("version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out version))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "rollback needs a body {\"version\": N}");
            }
        }
        catch (JsonException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, "rollback body is not JSON: " + ex.Message);
        }

        if (state.Find(version) is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, string.Create(CultureInfo.InvariantCulture, $"version {version} is not retained; retained: {string.Join(", ", state.Reloader.History.Select(s => s.Version))}"));
        }

        var outcome = await state.Reloader.RollbackToAsync(version, context.RequestAborted).ConfigureAwait(false);
        return Outcome(outcome);
    });

    public Task Fleet(HttpContext context) => Run(context, write: false, async () =>
    {
        if (state.FleetStatus is not { } source)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, "no fleet: the dashboard was not given an etcd fleet (strata dashboard --etcd URL --prefix P)");
        }

        string? json;
        try
        {
            json = await source(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // etcd unreachable, for one: the page keeps polling, so answer in one line instead of a stack trace.
            return ApiResults.Error(StatusCodes.Status502BadGateway, "the fleet status could not be read: " + ex.Message.ReplaceLineEndings(" "));
        }

        return json is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, "no fleet status available")
            : ApiResults.Json(json);
    });

    /// <summary>Checks the caller, runs the handler, and answers 503 while the configuration is not loaded yet.</summary>
    private async Task Run(HttpContext context, bool write, Func<Task<IResult>> handler)
    {
        context.Response.Headers.CacheControl = "no-store";
        IResult result;
        if (guard.Check(context, write) is { } refusal)
        {
            result = refusal;
        }
        else
        {
            try
            {
                result = await handler().ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (!IsLoaded())
            {
                result = ApiResults.Error(StatusCodes.Status503ServiceUnavailable, "the configuration has not been loaded yet");
            }
        }

        await result.ExecuteAsync(context).ConfigureAwait(false);
    }

    private bool IsLoaded()
    {
        try
        {
            _ = state.Reloader.Current;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private IResult Outcome(ReloadOutcome outcome) => ApiResults.Json(w =>
    {
        w.WriteStartObject();
        w.WriteString("status", outcome.Status switch
        {
            ReloadStatus.Published => "published",
            ReloadStatus.Unchanged => "unchanged",
            ReloadStatus.RolledBack => "rolled_back",
            _ => "failed",
        });
        w.WriteNumber("version", outcome.Current.Version);
        w.WriteStartArray("files");
        foreach (var file in outcome.Files)
        {
            w.WriteStringValue(file);
        }

        w.WriteEndArray();
        w.WritePropertyName("changes");
        ChangeJson.WriteArray(w, outcome.Changes, state.Redactor);
        ConfigurationErrorJson.WriteProperty(w, outcome.Errors);
        w.WriteNumber("durationMs", outcome.Duration.TotalMilliseconds);
        w.WriteEndObject();
    });

    private static bool TryVersion(string? text, out long version) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version);
}
