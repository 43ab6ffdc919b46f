using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using dotnet_etcd;

namespace Strata.Etcd.Connection;

/// <summary>Builds a dotnet-etcd client from <see cref="EtcdOptions"/>: endpoints, TLS, credentials and keep-alive.</summary>
internal static class EtcdClientFactory
{
    private const int DefaultClientPort = 2379;

    public static EtcdClient Create(EtcdOptions options)
    {
        options.Validate();
        var tls = options.UsesTls;
        var endpoints = options.Endpoints.Select(e => Normalize(e, tls)).ToList();
        var hosts = endpoints.Select(e => new Uri(e).Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var connection = string.Join(',', endpoints);

        void ConfigureChannel(Grpc.Net.Client.GrpcChannelOptions channel)
        {
            channel.MaxReceiveMessageSize = 256 * 1024 * 1024;
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
            ? new EtcdClient(connection, ssl => ConfigureTls(ssl, options.Tls ?? new EtcdTlsOptions(), hosts), serverName: hosts[0], configureChannelOptions: ConfigureChannel)
            : new EtcdClient(connection, serverName: hosts[0], configureChannelOptions: ConfigureChannel);
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
