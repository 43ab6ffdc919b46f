using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.Configuration;
using Strata.Snapshots;

namespace Strata.Benchmarks.Reads;

/// <summary>
/// One read, the way an application does it, in each system: a typed value, a string value, a value
/// through a bound-options or section handle, and a full bind. Each category's baseline is the
/// Microsoft.Extensions.Configuration way, so the Ratio column reads "Strata time / M.E.C. time".
/// Keys: <c>redis.port</c> and <c>database.journal_mode</c> live in the base layer (M.E.C. asks all
/// three providers); <c>learning.memory_size</c> is overridden by the agent layer (M.E.C. finds it in
/// the first provider it asks).
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class ShapeOfReads
{
    private ReadFixture _fixture = null!;
    private IConfiguration _configuration = null!;
    private ConfigSnapshot _snapshot = null!;
    private ConfigSection _redis = null!;

    [GlobalSetup]
    public void Setup()
    {
        _fixture = ReadFixture.CreateAsync().GetAwaiter().GetResult();
        _configuration = _fixture.Configuration;
        _snapshot = _fixture.Snapshot;
        _redis = _snapshot.GetSection("redis");
        Check(_snapshot.Get<int>("redis.port") == int.Parse(_configuration["redis:port"]!, CultureInfo.InvariantCulture), "redis.port");
        Check(_snapshot.Get<string>("database.journal_mode") == _configuration["database:journal_mode"], "database.journal_mode");
        Check(_snapshot.Get<int>("learning.memory_size") == int.Parse(_configuration["learning:memory_size"]!, CultureInfo.InvariantCulture), "learning.memory_size");
        Check(_fixture.Monitor.CurrentValue.Port == _redis.Get<int>("port"), "bound redis.port");
    }

    [GlobalCleanup]
    public void Cleanup() => _fixture.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true), BenchmarkCategory("int (base layer)")]
    public int Mec_Indexer_Parse() => int.Parse(_configuration["redis:port"]!, CultureInfo.InvariantCulture);

    [Benchmark, BenchmarkCategory("int (base layer)")]
    public int Mec_GetValue() => _configuration.GetValue<int>("redis:port");

    [Benchmark, BenchmarkCategory("int (base layer)")]
    public int Strata_Snapshot_Get() => _snapshot.Get<int>("redis.port");

    [Benchmark, BenchmarkCategory("int (base layer)")]
    public int Strata_Current_Get() => _fixture.Reloader.Current.Get<int>("redis.port");

    [Benchmark(Baseline = true), BenchmarkCategory("int (agent layer)")]
    public int Mec_Indexer_Parse_Top() => int.Parse(_configuration["learning:memory_size"]!, CultureInfo.InvariantCulture);

    [Benchmark, BenchmarkCategory("int (agent layer)")]
    public int Strata_Snapshot_Get_Top() => _snapshot.Get<int>("learning.memory_size");

    [Benchmark(Baseline = true), BenchmarkCategory("string")]
    public string? Mec_Indexer() => _configuration["database:journal_mode"];

    [Benchmark, BenchmarkCategory("string")]
    public string Strata_Snapshot_GetString() => _snapshot.Get<string>("database.journal_mode");

    [Benchmark(Baseline = true), BenchmarkCategory("bound options")]
    public int Mec_OptionsMonitor_CurrentValue() => _fixture.Monitor.CurrentValue.Port;

    [Benchmark, BenchmarkCategory("bound options")]
    public int Strata_Section_Get() => _redis.Get<int>("port");

    [Benchmark(Baseline = true), BenchmarkCategory("bind object")]
    public RedisOptions Mec_Section_Get() => _configuration.GetSection("redis").Get<RedisOptions>()!;

    [Benchmark, BenchmarkCategory("bind object")]
    public RedisOptions Strata_Snapshot_Bind() => _snapshot.Bind<RedisOptions>("redis");

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("the two systems disagree on " + what);
        }
    }
}
