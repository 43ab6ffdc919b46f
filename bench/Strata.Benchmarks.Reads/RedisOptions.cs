namespace Strata.Benchmarks.Reads;

/// <summary>The bound options type for both systems: the samples' <c>redis</c> section.</summary>
public sealed class RedisOptions
{
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; }

    public int Db { get; set; }

    public string? Password { get; set; }
}
