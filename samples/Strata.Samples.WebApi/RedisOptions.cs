using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Strata.Samples.WebApi;

/// <summary>The <c>redis</c> section, bound and validated through <c>AddStrataOptions</c>.</summary>
public sealed class RedisOptions
{
    /// <summary>Host name.</summary>
    [Required]
    public string Host { get; set; } = string.Empty;

    /// <summary>TCP port.</summary>
    [Range(1, 65535)]
    public int Port { get; set; }

    /// <summary>Database index.</summary>
    [Range(0, 15)]
    public int Db { get; set; }

    /// <summary>Password; never printed.</summary>
    public string? Password { get; set; }

    /// <summary>Whether replies are decoded to strings.</summary>
    [ConfigurationKeyName("decode_responses")]
    public bool DecodeResponses { get; set; }
}
