using Strata.Reload.Watching;

namespace Strata.Tests;

/// <summary>A change source the test fires by hand (for in-memory and strategy tests).</summary>
internal sealed class ManualChangeSource : IConfigChangeSource
{
    private Action<IReadOnlyList<string>>? _onChange;

    public string Mode => "manual-test";

    public Task StartAsync(Action<IReadOnlyList<string>> onChange, CancellationToken cancellationToken = default)
    {
        _onChange = onChange;
        return Task.CompletedTask;
    }

    public void Fire(params string[] files) => _onChange?.Invoke(files);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
