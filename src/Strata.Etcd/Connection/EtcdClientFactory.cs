using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using dotnet_etcd;
using Grpc.Net.Client.Configuration;

namespace Strata.Etcd.Connection;

/// <summary>
/// Builds dotnet-etcd clients from <see cref="EtcdOptions"/>: one client per member endpoint (see
/// <see cref="EtcdConnection"/> for why), with TLS, credentials and keep-alive.
/// </summary>
internal static class EtcdClientFactory
{
    private const int DefaultClientPort = 2379;

    /// <summary>The configured endpoints with scheme and port filled in, in the configured order.</summary>
    public static List<string> Endpoints(EtcdOptions options)
    {
        var tls = options.UsesTls;
        return [.. options.Endpoints.Select(e => Normalize(e, tls))];
    }

    /// <summary>A client that talks to one member only, so a failure says which member failed.</summary>
    public static EtcdClient Create(EtcdOptions options, string endpoint)
    {
        var tls = options.UsesTls;
        var host = new Uri(endpoint).Host;

        // Any member's certificate is accepted if it is issued for one of the configured hosts.
        var hosts = Endpoints(options).Select(e => new Uri(e).Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

        void ConfigureChannel(Grpc.Net.Client.GrpcChannelOptions channel)
        {
            channel.MaxReceiveMessageSize = 256 * 1024 * 1024;

            // No gRPC-level retries: they would resend to the same member for seconds; EtcdConnection moves to the
            // next member instead. One address, so the first pick is the only one.
            channel.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new PickFirstConfig() } };
            if (channel.HttpHandler is SocketsHttpHandler handler)
            {
                // Notice a silently dead connection within seconds, well inside etcd's keep-alive policy (5 s minimum).
                handler.KeepAlivePingDelay = TimeSpan.FromSeconds(10);
                handler.KeepAlivePingTimeout = TimeSpan.FromSeconds(10);
                handler.ConnectTimeout = TimeSpan.FromSeconds(5);
                handler.KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests;
            }
        }

        var client = tls
            ? new EtcdClient(endpoint, ssl => ConfigureTls(ssl, options.Tls ?? new EtcdTlsOptions(), hosts), serverName: host, configureChannelOptions: ConfigureChannel)
            : new EtcdClient(endpoint, serverName: host, configureChannelOptions: ConfigureChannel);
        if (options.Username is { Length: > 0 } user)
        {
            client.SetCredentials(user, options.Password!, options.TokenLifetime);
        }

        return client;
    }

    /// <summary>Adds the scheme (http, or https with TLS) and etcd's client port when an endpoint leaves them out.</summary>
    internal static string Normalize(string endpoint, bool tls)
    {
        var text = endpoint.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = (tls ? "https://" : "http://") + text;
        }

        var authorityStart = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = text.IndexOf('/', authorityStart);
        var authority = authorityEnd < 0 ? text[authorityStart..] : text[authorityStart..authorityEnd];
        var hasPort = authority.LastIndexOf(':') > authority.LastIndexOf(']');
        var uri = new Uri(text);
        return hasPort ? uri.GetLeftPart(UriPartial.Authority) : new UriBuilder(uri) { Port = DefaultClientPort }.Uri.GetLeftPart(UriPartial.Authority);
    }

    private static void ConfigureTls(SslClientAuthenticationOptions ssl, EtcdTlsOptions tls, List<string> hosts)
    {
        if (tls.CaCertificateFile is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(caFile);
            ssl.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                RevocationMode = X509RevocationMode.NoCheck,
            };
            ssl.CertificateChainPolicy.CustomTrustStore.AddRange(authorities);
        }

        if (tls.ClientCertificateFile is { } certFile)
        {
            ssl.ClientCertificates = [X509Certificate2.CreateFromPemFile(certFile, tls.ClientKeyFile)];
        }

        // Requests go to whichever member is healthy, so the certificate must be trusted and issued for one of
        // the configured endpoints (not necessarily the first).
        ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateChainErrors)) != 0)
            {
                return false;
            }

            if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0)
            {
                return true;
            }

            using var loaded = certificate as X509Certificate2 is null ? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()) : null;
            var x509 = certificate as X509Certificate2 ?? loaded!;
            return hosts.Exists(h => x509.MatchesHostname(h));
        };
    }
}
