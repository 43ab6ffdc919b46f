using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Strata.Dashboard.Api;

namespace Strata.Dashboard.Security;

/// <summary>
/// Who may use the dashboard: loopback callers (or any, with an authorization requirement or
/// <see cref="StrataDashboardOptions.AllowRemoteRequests"/>) holding the token. Reads accept the bearer header or the
/// <c>strata_token</c> cookie; writes only the header, so another site cannot make a browser send one.
/// </summary>
internal sealed class DashboardGuard(string token, bool allowRemote)
{
    /// <summary>The cookie that serves reads.</summary>
    public const string CookieName = "strata_token";

    private readonly byte[] _token = Encoding.UTF8.GetBytes(token);

    /// <summary>The token.</summary>
    public string Token { get; } = token;

    /// <summary>Returns null when the request may go on, else the refusal to send.</summary>
    /// <param name="context">The request.</param>
    /// <param name="write">True for a request that changes something.</param>
    public IResult? Check(HttpContext context, bool write)
    {
        if (RefuseRemote(context) is { } remote)
        {
            return remote;
        }

        var bearer = BearerToken(context.Request);
        if (Matches(bearer))
        {
            return null;
        }

        // A bearer header that is wrong is a wrong token, whatever the cookie says.
        if (bearer is null && Matches(context.Request.Cookies[CookieName]))
        {
            return write
                ? ApiResults.Error(StatusCodes.Status403Forbidden, "a request that changes the configuration needs the 'Authorization: Bearer' header; the cookie serves reads only")
                : null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiResults.Error(StatusCodes.Status401Unauthorized, "no valid token: open the dashboard's URL with ?token=TOKEN or send 'Authorization: Bearer TOKEN'");
    }

    /// <summary>Returns the 403 for a caller from another machine when only loopback is answered, else null.</summary>
    /// <param name="context">The request.</param>
    public IResult? RefuseRemote(HttpContext context)
    {
        if (allowRemote || IsLocal(context) || HasAuthorizationRequirement(context))
        {
            return null;
        }

        return ApiResults.Error(StatusCodes.Status403Forbidden, "the dashboard answers loopback requests only, unless an authorization requirement is attached to it");
    }

    /// <summary>True when the value is the token (compared in constant time).</summary>
    /// <param name="candidate">The value sent.</param>
    public bool Matches(string? candidate) =>
        candidate is { Length: > 0 } && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);

    /// <summary>Sets the read cookie, scoped to the dashboard's path.</summary>
    /// <param name="context">The request that carried the token in its query.</param>
    /// <param name="path">The dashboard's base path, ending in <c>/</c>.</param>
    public void SetCookie(HttpContext context, string path) => context.Response.Cookies.Append(CookieName, Token, new CookieOptions
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = path,
        IsEssential = true,
    });

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : null;
    }

    /// <summary>
    /// True for a loopback caller (an IPv4-mapped 127.0.0.1 included) that no proxy forwarded: a request through a
    /// reverse proxy on the same machine, or one with no address at all (a Unix socket), may come from anywhere.
    /// </summary>
    private static bool IsLocal(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.ContainsKey("X-Forwarded-For") || headers.ContainsKey("Forwarded") || headers.ContainsKey("X-Real-IP"))
        {
            return false;
        }

        var address = context.Connection.RemoteIpAddress;
        return address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
    }

    private static bool HasAuthorizationRequirement(HttpContext context) =>
        context.GetEndpoint()?.Metadata is { } metadata
        && metadata.GetMetadata<IAllowAnonymous>() is null
        && (metadata.GetMetadata<IAuthorizeData>() is not null || metadata.GetMetadata<AuthorizationPolicy>() is not null);
}
