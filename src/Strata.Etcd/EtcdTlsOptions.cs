namespace Strata.Etcd;

/// <summary>TLS settings for reaching etcd: the certificate authority to trust and, for mutual TLS, a client certificate.</summary>
public sealed class EtcdTlsOptions
{
    /// <summary>A PEM file with the certificate authority that signed the servers' certificates; the system's trust store when null.</summary>
    public string? CaCertificateFile { get; set; }

    /// <summary>A PEM file with the client certificate, for etcd's <c>--client-cert-auth</c>.</summary>
    public string? ClientCertificateFile { get; set; }

    /// <summary>The PEM file with the private key of <see cref="ClientCertificateFile"/>.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Accepts any server certificate. Only for tests against self-signed servers; never in production.</summary>
    public bool SkipServerCertificateValidation { get; set; }
}
