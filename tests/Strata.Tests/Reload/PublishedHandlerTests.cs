using Strata.Reload;
using Strata.Snapshots;

namespace Strata.Tests.Reload;

/// <summary>Handlers of published snapshots come and go one subscription at a time.</summary>
public class PublishedHandlerTests
{
    [Fact]
    public async Task Disposing_one_of_two_subscriptions_of_a_handler_keeps_the_other()
    {
        await using var h = await new ReloadHarness(ReloadStrategy.Manual).StartAsync();
        var calls = 0;
        void Count(ConfigSnapshot snapshot) => Interlocked.Increment(ref calls);
        var first = h.Reloader.OnSnapshotPublished(Count);
        using var second = h.Reloader.OnSnapshotPublished(Count);

        first.Dispose();
        first.Dispose();
        h.Files.Write("base.yaml", "a: 2\nb: 1\n");
        await h.Reloader.ReloadNowAsync().WaitAsync(ReloadHarness.Patience);

        Assert.Equal(1, calls);
    }
}
