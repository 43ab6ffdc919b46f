using Strata.Etcd.Publishing;
using Strata.Etcd.Rollouts;
using Strata.Hierarchy;

namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>Publishes numbered releases (see <see cref="ReleaseConfig"/>) the way a CI job would, retrying while the cluster elects a leader.</summary>
internal sealed class ReleasePublisher : IDisposable
{
    private readonly EtcdPublisher _publisher;
    private readonly TempDir _dir = new();

    public ReleasePublisher(EtcdOptions options)
    {
        _publisher = new EtcdPublisher(options)
        {
            ValidationOptions = new EnvironmentConfigOptions { EnvironmentVariablePrefix = null, EnvironmentVariables = new Dictionary<string, string>() },
        };
    }

    public EtcdPublisher Publisher => _publisher;

    public async Task<EtcdPublishResult> PublishAsync(int release)
    {
        ReleaseConfig.Write(_dir, release);
        return await _publisher.PublishAsync(_dir.Path, "test", $"release {release}");
    }

    /// <summary>Starts a staged rollout of a numbered release.</summary>
    public async Task<EtcdPublishResult> StartRolloutAsync(int release, EtcdRolloutOptions rollout)
    {
        ReleaseConfig.Write(_dir, release);
        var plan = await _publisher.PrepareAsync(_dir.Path, "test", $"release {release}");
        return await _publisher.StartRolloutAsync(plan, rollout);
    }

    /// <summary>Publishes, retrying failed attempts (an attempt that did commit makes the retry a no-op).</summary>
    public async Task<EtcdPublishResult> PublishWithRetryAsync(int release, int attempts = 30)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await PublishAsync(release);
            }
            catch (EtcdException) when (attempt < attempts)
            {
                // The cluster is electing a leader or the member we reached died; try again.
            }
        }
    }

    public void Dispose()
    {
        _publisher.Dispose();
        _dir.Dispose();
    }
}
