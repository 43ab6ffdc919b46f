namespace Strata.Etcd.Tests.Rollouts;

/// <summary>An <see cref="IProgress{T}"/> that runs its handler on the reporting thread, before the reporter goes on.</summary>
internal sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
