using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Strata.Dashboard.Security;

namespace Strata.Dashboard.Tests;

public sealed class DashboardGuardTests
{
    private const string Token = "abc123";

    [Fact]
    public async Task A_remote_caller_is_refused_without_an_authorization_requirement_even_with_the_token()
    {
        var context = Request("10.1.2.3", bearer: Token);
        var refusal = new DashboardGuard(Token, allowRemote: false).Check(context, write: false);
        Assert.NotNull(refusal);
        Assert.Equal(StatusCodes.Status403Forbidden, await StatusOf(refusal, context));
    }

    [Fact]
    public void A_remote_caller_with_the_token_passes_when_an_authorization_requirement_is_attached()
    {
        var context = Request("10.1.2.3", bearer: Token);
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new AuthorizeAttribute("admins")), "dashboard"));
        Assert.Null(new DashboardGuard(Token, allowRemote: false).Check(context, write: true));
    }

    [Fact]
    public async Task A_remote_caller_still_needs_the_token_when_remote_requests_are_allowed()
    {
        var guard = new DashboardGuard(Token, allowRemote: true);
        Assert.Null(guard.Check(Request("10.1.2.3", bearer: Token), write: true));
        var without = Request("10.1.2.3", bearer: null);
        Assert.Equal(StatusCodes.Status401Unauthorized, await StatusOf(guard.Check(without, write: false)!, without));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public void Loopback_callers_with_the_token_pass(string address) =>
        Assert.Null(new DashboardGuard(Token, allowRemote: false).Check(Request(address, bearer: Token), write: true));

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.9")]
    [InlineData("Forwarded", "for=203.0.113.9")]
    [InlineData("X-Real-IP", "203.0.113.9")]
    public async Task A_loopback_request_forwarded_by_a_proxy_counts_as_remote(string header, string value)
    {
        var context = Request("127.0.0.1", bearer: Token);
        context.Request.Headers[header] = value;
        Assert.Equal(StatusCodes.Status403Forbidden, await StatusOf(new DashboardGuard(Token, allowRemote: false).Check(context, write: false)!, context));
    }

    [Fact]
    public async Task A_request_without_an_address_counts_as_remote()
    {
        var context = Request(null, bearer: Token);
        Assert.Equal(StatusCodes.Status403Forbidden, await StatusOf(new DashboardGuard(Token, allowRemote: false).Check(context, write: false)!, context));
    }

    [Fact]
    public async Task An_authorization_requirement_lifted_by_AllowAnonymous_does_not_open_the_dashboard_to_remote_callers()
    {
        var context = Request("10.1.2.3", bearer: Token);
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new AuthorizeAttribute(), new AllowAnonymousAttribute()), "dashboard"));
        Assert.Equal(StatusCodes.Status403Forbidden, await StatusOf(new DashboardGuard(Token, allowRemote: false).Check(context, write: false)!, context));
    }

    [Fact]
    public async Task A_wrong_bearer_header_is_401_even_with_a_valid_cookie()
    {
        var context = Request("127.0.0.1", bearer: "stale");
        context.Request.Headers.Cookie = DashboardGuard.CookieName + "=" + Token;
        Assert.Equal(StatusCodes.Status401Unauthorized, await StatusOf(new DashboardGuard(Token, allowRemote: false).Check(context, write: true)!, context));
    }

    [Fact]
    public void The_token_compares_exactly()
    {
        var guard = new DashboardGuard(Token, allowRemote: false);
        Assert.True(guard.Matches(Token));
        Assert.False(guard.Matches(Token + "4"));
        Assert.False(guard.Matches("ABC123"));
        Assert.False(guard.Matches(""));
        Assert.False(guard.Matches(null));
    }

    private static DefaultHttpContext Request(string? address, string? bearer)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = address is null ? null : IPAddress.Parse(address);
        if (bearer is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearer;
        }

        return context;
    }

    private static async Task<int> StatusOf(IResult result, HttpContext context)
    {
        context.RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider();
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        return context.Response.StatusCode;
    }
}
