using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strata.Etcd;
using Strata.Etcd.Instances;
using Strata.Reload;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata dashboard [DIR] [--env E] [--agent A] [--set k=v]… [--strategy S] [--poll] [--etcd URL --prefix P]
/// [--bind 127.0.0.1] [--port 0]</c>: watches the configuration as <c>watch</c> does (with <c>--etcd</c>, the fleet's,
/// without registering as an instance) and serves the dashboard. The first stdout line is exactly
/// <c>dashboard: http://ADDRESS:PORT/?token=TOKEN</c>, a fresh token each run; Ctrl-C and SIGTERM stop it.
/// </summary>
internal static class DashboardCommand
{
    public static Command Create(CliContext context)
    {
        var dir = CommonOptions.Directory();
        var env = CommonOptions.Env();
        var agent = CommonOptions.Agent();
        var set = CommonOptions.Set();
        var strategy = new Option<string>("--strategy") { Description = "When to reload (manual: only the page's 'Reload now')", DefaultValueFactory = _ => "immediate" }
            .AcceptOnlyFromAmong("immediate", "batched", "scheduled", "manual");
        var poll = new Option<bool>("--poll") { Description = "Poll content hashes instead of file-system events" };
        var bind = new Option<string>("--bind") { Description = "The address to listen on; anything but loopback makes the token the only guard", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The port (0: a free one, printed on the first line)", DefaultValueFactory = _ => 0 };
        var command = new Command("dashboard", "Serve the dashboard: the live configuration, where each value comes from, versions, the fleet") { dir, env, agent, set, strategy, poll, bind, port };
        var etcd = new EtcdCliOptions(required: false);
        etcd.AddTo(command);
        command.SetAction((parse, cancellationToken) => EtcdCliOptions.RunAsync(context, async () =>
        {
            var address = ParseAddress(parse.GetValue(bind)!);
            var portNumber = parse.GetValue(port);
            if (portNumber is < 0 or > 65535)
            {
                throw new UsageException($"--port {portNumber.ToString(CultureInfo.InvariantCulture)}: a port is 0 to 65535");
            }

            var (manager, fleet) = await etcd.ResolveAsync(parse, context, parse.GetValue(dir)!, parse.GetValue(env), parse.GetValue(agent), parse.GetValue(set), cancellationToken).ConfigureAwait(false);
            try
            {
                var options = new ReloadOptions
                {
                    Strategy = Enum.Parse<ReloadStrategy>(parse.GetValue(strategy)!, ignoreCase: true),
                    UsePolling = parse.GetValue(poll),
                    ReloadOnSigHup = true,
                };
                Func<CancellationToken, Task<string?>>? fleetStatus = null;
                if (fleet is not null)
                {
                    var etcdOptions = etcd.Build(parse, context);
                    fleetStatus = async ct => FleetCommand.ToJson(await EtcdFleetStatus.ReadAsync(etcdOptions, ct).ConfigureAwait(false));
                }

                // The etcd watch without an instance record: the dashboard looks at the fleet, it is not one of it.
                var reloader = new ConfigurationHotReloader(manager, options, fleet?.ChangeSource);
                await using (reloader.ConfigureAwait(false))
                {
                    return await ServeAsync(context, reloader, address, portNumber, fleetStatus, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (fleet is not null)
                {
                    await fleet.DisposeAsync().ConfigureAwait(false);
                }
            }
        }));
        return command;
    }

    private static async Task<int> ServeAsync(CliContext context, ConfigurationHotReloader reloader, IPAddress address, int port, Func<CancellationToken, Task<string?>>? fleetStatus, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });

        // The content root is the tool's own folder, so an appsettings.json (or a Kestrel section) in the current directory adds no listener.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "strata-dashboard", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.WebHost.ConfigureKestrel(k => k.Listen(address, port));
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var app = builder.Build();
        await using (app.ConfigureAwait(false))
        {
            var remote = !IPAddress.IsLoopback(address);
            app.MapStrataDashboard("/", o =>
            {
                o.Token = token;
                o.Reloader = reloader;
                o.FleetStatus = fleetStatus;
                o.AllowRemoteRequests = remote;
            });
            // Mapped before the first load, so the dashboard sees config_loaded and knows the files of version 1.
            await reloader.StartAsync(stop.Token).ConfigureAwait(false);
            try
            {
                await app.StartAsync(stop.Token).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new UsageException($"--bind {address} --port {port.ToString(CultureInfo.InvariantCulture)}: {ex.Message}");
            }

            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var actualPort = new Uri(bound).Port;
            var host = address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? "127.0.0.1"
                : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            // The warning goes first and the flush ignores Ctrl-C: whoever reads the URL has already been warned,
            // and a stop that arrives right after the URL still runs the shutdown below.
            if (remote)
            {
                await context.Error.WriteLineAsync($"strata: warning: listening on {address}, not loopback: anyone who can reach this port and learns the token can read the configuration and roll it back; the token is the only guard").ConfigureAwait(false);
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"dashboard: http://{host}:{actualPort}/?token={token}")).ConfigureAwait(false);
            await context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await context.Error.WriteLineAsync($"watching {reloader.Manager.ConfigDirectory} ({reloader.GetStatistics().WatcherMode}, {reloader.Options.Strategy.ToString().ToLowerInvariant()} strategy); Ctrl-C to stop").ConfigureAwait(false);
            try
            {
                using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, app.Lifetime.ApplicationStopping);
                await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(grace.Token).ConfigureAwait(false);
        }

        await reloader.StopAsync().ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static IPAddress ParseAddress(string text)
    {
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(text, out var address)
            ? address
            : throw new UsageException($"--bind '{text}': not an IP address (for example 127.0.0.1, ::1 or 0.0.0.0)");
    }
}
