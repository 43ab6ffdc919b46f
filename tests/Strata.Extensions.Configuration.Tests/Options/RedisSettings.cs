using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Strata.Extensions.Configuration.Tests.Options;

/// <summary>A typed section with DataAnnotations, as applications write them.</summary>
public sealed class RedisSettings
{
    [Required]
    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; }

    [ConfigurationKeyName("token_ttl")]
    public int TokenTtl { get; set; }
}
