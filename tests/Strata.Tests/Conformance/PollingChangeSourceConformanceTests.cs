using Microsoft.Extensions.Time.Testing;
using Strata.Reload.Watching;

namespace Strata.Tests.Conformance;

/// <summary>Content polling on a fake clock keeps the <see cref="IConfigChangeSource"/> contract; each wait moves the clock one interval.</summary>
public sealed class PollingChangeSourceConformanceTests : DirectoryChangeSourceConformanceTests
{
    private readonly FakeTimeProvider _time = new();

    public PollingChangeSourceConformanceTests()
    {
        Options.TimeProvider = _time;
        Options.PollingInterval = TimeSpan.FromSeconds(1);
    }

    protected override Task<IConfigChangeSource> CreateSourceAsync() =>
        Task.FromResult<IConfigChangeSource>(new PollingChangeSource(Root, Options));

    protected override void Pump() => _time.Advance(Options.PollingInterval);
}
