using Strata.Snapshots;

namespace Strata.Extensions.Configuration.Services;

/// <summary>Reads the runtime's published snapshot, loading it on first use.</summary>
internal sealed class ConfigSnapshotAccessor(StrataRuntime runtime) : IConfigSnapshotAccessor
{
    public ConfigSnapshot Current
    {
        get
        {
            runtime.EnsureStarted();
            return runtime.Reloader.Current;
        }
    }
}
