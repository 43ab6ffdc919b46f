using Strata.Reload.Watching;

namespace Strata.Tests.Conformance;

/// <summary>Content polling on the real clock, at a short interval, keeps the <see cref="IConfigChangeSource"/> contract too.</summary>
public sealed class PollingChangeSourceOnTheSystemClockConformanceTests : DirectoryChangeSourceConformanceTests
{
    public PollingChangeSourceOnTheSystemClockConformanceTests() => Options.PollingInterval = TimeSpan.FromMilliseconds(50);

    protected override Task<IConfigChangeSource> CreateSourceAsync() =>
        Task.FromResult<IConfigChangeSource>(new PollingChangeSource(Root, Options));
}
