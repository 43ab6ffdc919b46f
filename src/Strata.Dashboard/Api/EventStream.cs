using System.Threading.Channels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Strata.Dashboard.Security;
using Strata.Serialization;

namespace Strata.Dashboard.Api;

/// <summary>
/// <c>GET api/events</c>: Server-Sent Events, each event's <c>data:</c> one object of the <c>watch --format jsonl</c>
/// contract (secrets as <c>"***"</c>). Ends when the client goes or the application stops.
/// </summary>
internal sealed class EventStream(DashboardState state, DashboardGuard guard, CancellationToken stopping)
{
    // A client that stops reading loses its oldest events rather than growing the server's memory (an event with
    // thousands of changes is megabytes, so few are kept); the page refetches the snapshot on each event anyway.
    private const int Buffer = 32;

    public async Task Handle(HttpContext context)
    {
        if (guard.Check(context, write: false) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var events = Channel.CreateBounded<string>(new BoundedChannelOptions(Buffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        using var subscription = state.Reloader.AddNotificationCallback(n => events.Writer.TryWrite(ReloadNotificationJson.ToJsonLine(n, state.Redactor)));
        using var end = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);

        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            // A comment first, so the client sees the stream open before the first event.
            await context.Response.WriteAsync(": strata events\n\n", end.Token).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(end.Token).ConfigureAwait(false);
            await foreach (var line in events.Reader.ReadAllAsync(end.Token).ConfigureAwait(false))
            {
                await context.Response.WriteAsync("data: " + line + "\n\n", end.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(end.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }
}
