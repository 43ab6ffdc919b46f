using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Strata.Snapshots;

namespace Strata.Extensions.Configuration.Binding;

/// <summary>The <see cref="IConfiguration"/> view of a candidate snapshot, built once per snapshot and shared by every options validator.</summary>
internal static class CandidateConfiguration
{
    private static readonly ConditionalWeakTable<ConfigSnapshot, IConfiguration> Cache = [];

    public static IConfiguration For(ConfigSnapshot snapshot) =>
        Cache.GetValue(snapshot, static s => new ConfigurationBuilder().AddInMemoryCollection(StrataConfigurationKeys.Flatten(s.Root)).Build());
}
