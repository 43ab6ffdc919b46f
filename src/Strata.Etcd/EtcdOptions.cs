namespace Strata.Etcd;

/// <summary>
/// How to reach etcd and where the configuration lives there: endpoints (any member of the cluster),
/// the key prefix, TLS, user and password, and the timings of requests and reconnects.
/// </summary>
public sealed class EtcdOptions
{
    /// <summary>
    /// The client URLs of the cluster's members, such as <c>http://10.0.0.1:2379</c>. Requests go to the first; when the
    /// member in use fails (unreachable, no leader, no answer in time) they move to the next, in this order, and stay there.
    /// </summary>
    public IList<string> Endpoints { get; } = [];

    /// <summary>The key prefix the config directory lives under, such as <c>/strata/fleet</c>. Each file is stored at <c>{Prefix}/{relative path}</c>.</summary>
    public string Prefix { get; set; } = string.Empty;

    /// <summary>The etcd user when authentication is enabled; null when it is not.</summary>
    public string? Username { get; set; }

    /// <summary>The password of <see cref="Username"/>. Never printed or logged.</summary>
    public string? Password { get; set; }

    /// <summary>TLS settings; used when set or when an endpoint starts with <c>https://</c>.</summary>
    public EtcdTlsOptions? Tls { get; set; }

    /// <summary>The longest a single request (read, transaction) may take before it fails. Default 10 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The first delay before a request is sent again to the next member, or a watcher reconnects, after a member failed;
    /// doubled on each failed attempt and jittered (50-100 % of it). Default 200 ms.
    /// </summary>
    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest delay between attempts (requests and watcher reconnects). Default 5 seconds.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an authentication token is reused before a new one is requested. Default 1 minute (etcd's simple tokens live 5).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long the instance record (<c>{Prefix}/instances/{InstanceId}</c>) outlives the process that keeps it alive:
    /// the lifetime of its etcd lease, renewed every third of it. Whole seconds, at least 2. Default 10 seconds.
    /// </summary>
    public TimeSpan InstanceTtl { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The name this process reports itself under at <c>{Prefix}/instances/{InstanceId}</c>; letters, digits and
    /// <c>. _ - :</c> only. Null (the default) means <c>{host}-{pid}</c>.
    /// </summary>
    public string? InstanceId { get; set; }

    /// <summary>The clock for the delays between attempts, statistics and release times.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Parses a comma-separated endpoint list (as given to <c>--etcd</c>) into <see cref="Endpoints"/>.</summary>
    /// <param name="endpoints">One or more URLs separated by commas.</param>
    public EtcdOptions WithEndpoints(string endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var endpoint in endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Endpoints.Add(endpoint);
        }

        return this;
    }

    /// <summary>Checks the settings and throws <see cref="ArgumentException"/> naming the first problem.</summary>
    public void Validate()
    {
        if (Endpoints.Count == 0)
        {
            throw new ArgumentException("no etcd endpoint given; use a URL such as http://127.0.0.1:2379");
        }

        foreach (var endpoint in Endpoints)
        {
            var text = endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : "http://" + endpoint;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0
                || uri.AbsolutePath.Length > 1 || uri.Query.Length > 0 || uri.UserInfo.Length > 0)
            {
                throw new ArgumentException($"'{endpoint}' is not an etcd endpoint; use a URL such as http://127.0.0.1:2379");
            }
        }

        _ = Storage.EtcdKeyLayout.NormalizePrefix(Prefix);
        if (Username is not null && string.IsNullOrEmpty(Password))
        {
            throw new ArgumentException($"a password is needed for etcd user '{Username}'");
        }

        if (RequestTimeout <= TimeSpan.Zero || ReconnectMinDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new ArgumentException("timeouts and reconnect delays must be positive, and the maximum delay at least the minimum");
        }

        if (InstanceTtl < TimeSpan.FromSeconds(2) || InstanceTtl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException($"the instance TTL must be a whole number of seconds, at least 2 (was {InstanceTtl})");
        }

        if (InstanceId is not null && !Instances.InstanceIdentity.IsValid(InstanceId))
        {
            throw new ArgumentException($"'{InstanceId}' is not a usable instance id: use letters, digits and . _ - : only");
        }
    }

    /// <summary>True when any endpoint uses https or TLS settings are given.</summary>
    internal bool UsesTls => Tls is not null || Endpoints.Any(e => e.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
}
