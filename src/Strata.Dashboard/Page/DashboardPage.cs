using Microsoft.AspNetCore.Http;
using Strata.Dashboard.Api;
using Strata.Dashboard.Security;

namespace Strata.Dashboard.Page;

/// <summary>
/// The page and its two assets, read from the assembly's resources. The page holds no data: it asks the API, so
/// without the token it can only say that the token is missing. Opening it with <c>?token=TOKEN</c> sets the read cookie.
/// </summary>
internal sealed class DashboardPage(DashboardGuard guard)
{
    private static readonly Lazy<byte[]> Html = new(() => Read("index.html"));
    private static readonly Lazy<byte[]> Script = new(() => Read("dashboard.js"));
    private static readonly Lazy<byte[]> Style = new(() => Read("dashboard.css"));

    public async Task Index(HttpContext context)
    {
        if (guard.RefuseRemote(context) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // The page's relative URLs (api/…, dashboard.js) resolve against a base path that ends in '/'.
        var basePath = context.Request.PathBase + context.Request.Path;
        if (!basePath.Value!.EndsWith('/'))
        {
            context.Response.Redirect(basePath + "/" + context.Request.QueryString);
            return;
        }

        if (guard.Matches(context.Request.Query["token"]))
        {
            guard.SetCookie(context, basePath.Value);
        }

        await Send(context, Html.Value, "text/html; charset=utf-8").ConfigureAwait(false);
    }

    public Task ScriptFile(HttpContext context) => Asset(context, Script.Value, "text/javascript; charset=utf-8");

    public Task StyleFile(HttpContext context) => Asset(context, Style.Value, "text/css; charset=utf-8");

    private async Task Asset(HttpContext context, byte[] content, string type)
    {
        if (guard.RefuseRemote(context) is { } refusal)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await Send(context, content, type).ConfigureAwait(false);
    }

    private static async Task Send(HttpContext context, byte[] content, string type)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        context.Response.ContentType = type;
        context.Response.ContentLength = content.Length;
        await context.Response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(DashboardPage).Assembly.GetManifestResourceStream("Strata.Dashboard.Page." + name)
            ?? throw new InvalidOperationException($"the dashboard's resource '{name}' is missing from the assembly");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
