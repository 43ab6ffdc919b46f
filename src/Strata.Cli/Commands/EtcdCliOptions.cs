using System.CommandLine;
using Strata.Etcd;
using Strata.Etcd.Publishing;
using Strata.Hierarchy;
using Strata.Snapshots;

namespace Strata.Cli.Commands;

/// <summary>
/// The options every verb that talks to etcd shares — <c>--etcd URL[,URL...] --prefix P [--user U] [--password P]
/// [--cacert F] [--cert F --key F] [--timeout 10s]</c> — and how they become <see cref="EtcdOptions"/>. The user
/// and password may also come from <c>STRATA_ETCD_USER</c> and <c>STRATA_ETCD_PASSWORD</c>, which keeps the
/// password out of the process list. <c>show</c> and <c>watch</c> can add them (not required) and call
/// <see cref="ConnectAsync"/>.
/// </summary>
internal sealed class EtcdCliOptions
{
    public const string UserVariable = "STRATA_ETCD_USER";
    public const string PasswordVariable = "STRATA_ETCD_PASSWORD";

    public EtcdCliOptions(bool required)
    {
        Endpoints = new Option<string?>("--etcd") { Description = "etcd endpoints, comma-separated (http://10.0.0.1:2379,http://10.0.0.2:2379)", Required = required };
        Prefix = new Option<string?>("--prefix") { Description = "The key prefix the configuration lives under (/strata/app)", Required = required };
    }

    public Option<string?> Endpoints { get; }

    public Option<string?> Prefix { get; }

    public Option<string?> User { get; } = new("--user") { Description = $"etcd user (or {UserVariable})" };

    public Option<string?> Password { get; } = new("--password") { Description = $"etcd password (prefer {PasswordVariable})" };

    public Option<string?> CaCertificate { get; } = new("--cacert") { Description = "PEM file of the certificate authority that signed the etcd servers' certificates" };

    public Option<string?> ClientCertificate { get; } = new("--cert") { Description = "PEM client certificate, for etcd's --client-cert-auth" };

    public Option<string?> ClientKey { get; } = new("--key") { Description = "PEM private key of --cert" };

    public Option<TimeSpan> Timeout { get; } = CommonOptions.Duration("--timeout", "How long one etcd request may take", "10s");

    /// <summary>The instance id a watching verb registers under (<c>--instance</c>); null for the default.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Adds every option to a command.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Endpoints, Prefix, User, Password, CaCertificate, ClientCertificate, ClientKey, Timeout })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>True when <c>--etcd</c> was given.</summary>
    public bool IsUsed(ParseResult parse) => parse.GetValue(Endpoints) is not null;

    /// <summary>Builds the settings; a bad endpoint, prefix or credential pair is a usage error.</summary>
    public EtcdOptions Build(ParseResult parse, CliContext context)
    {
        var endpoints = parse.GetValue(Endpoints) ?? throw new UsageException("--etcd is required: the etcd endpoints, such as http://127.0.0.1:2379");
        var prefix = parse.GetValue(Prefix) ?? throw new UsageException("--prefix is required with --etcd: the key prefix, such as /strata/app");
        var options = new EtcdOptions
        {
            Prefix = prefix,
            Username = parse.GetValue(User) ?? context.Variables.GetValueOrDefault(UserVariable),
            Password = parse.GetValue(Password) ?? context.Variables.GetValueOrDefault(PasswordVariable),
            RequestTimeout = parse.GetValue(Timeout),
            InstanceId = InstanceId,
        }.WithEndpoints(endpoints);
        if (string.IsNullOrEmpty(options.Username))
        {
            options.Username = null;
        }

        var ca = parse.GetValue(CaCertificate);
        var cert = parse.GetValue(ClientCertificate);
        var key = parse.GetValue(ClientKey);
        if (cert is null != key is null)
        {
            throw new UsageException("--cert and --key go together");
        }

        foreach (var file in new[] { ca, cert, key }.OfType<string>())
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"file '{file}' does not exist");
            }
        }

        if (ca is not null || cert is not null)
        {
            options.Tls = new EtcdTlsOptions { CaCertificateFile = ca, ClientCertificateFile = cert, ClientKeyFile = key };
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }

        return options;
    }

    /// <summary>Connects and returns a manager (environment, agent, overrides applied) and the watch over the prefix.</summary>
    public Task<EtcdConfiguration> ConnectAsync(ParseResult parse, CliContext context, string? environment, string? agent, IEnumerable<string>? overrides, CancellationToken cancellationToken)
    {
        var options = new EnvironmentConfigOptions { Environment = environment, Agent = agent, EnvironmentVariables = context.Variables };
        foreach (var o in overrides ?? [])
        {
            options.Overrides.Add(o);
        }

        return EtcdConfiguration.ConnectAsync(Build(parse, context), options, cancellationToken);
    }

    /// <summary>
    /// The configuration a reading verb works on: from etcd when <c>--etcd</c> was given (the connection is returned
    /// too, for watching and disposal), otherwise from <paramref name="directory"/>.
    /// </summary>
    public async Task<(EnvironmentConfigManager Manager, EtcdConfiguration? Fleet)> ResolveAsync(ParseResult parse, CliContext context, string directory, string? environment, string? agent, IEnumerable<string>? overrides, CancellationToken cancellationToken)
    {
        if (!IsUsed(parse))
        {
            return (CommonOptions.Manager(context, directory, environment, agent, overrides), null);
        }

        var fleet = await ConnectAsync(parse, context, environment, agent, overrides, cancellationToken).ConfigureAwait(false);
        return (fleet.Manager, fleet);
    }

    /// <summary>
    /// Runs an etcd verb and turns etcd failures into one line on stderr: a missing release or rollout exits 3, anything else
    /// (unreachable, refused, a concurrent publish) exits 1. Configuration errors and usage errors pass through.
    /// </summary>
    public static async Task<int> RunAsync(CliContext context, Func<Task<int>> verb)
    {
        try
        {
            return await verb().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EtcdReleaseNotFoundException or Strata.Etcd.Rollouts.EtcdRolloutNotFoundException)
        {
            await context.Error.WriteLineAsync("strata: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.NotFound;
        }
        catch (EtcdException ex)
        {
            await context.Error.WriteLineAsync("strata: " + ex.Message).ConfigureAwait(false);
            return ExitCodes.Invalid;
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new UsageException(ex.Message);
        }
    }
}
