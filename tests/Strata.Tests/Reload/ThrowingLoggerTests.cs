using Microsoft.Extensions.Logging;
using Strata.Reload;

namespace Strata.Tests.Reload;

/// <summary>A logging provider that throws cannot stop reloads or leave a caller waiting.</summary>
public class ThrowingLoggerTests
{
    [Theory]
    [InlineData(ReloadStrategy.Manual)]
    [InlineData(ReloadStrategy.Immediate)]
    public async Task A_logger_that_throws_on_every_entry_never_stops_reloads(ReloadStrategy strategy)
    {
        await using var h = await new ReloadHarness(strategy, logger: new ThrowingLogger()).StartAsync();

        h.Files.Write("base.yaml", "a: [unclosed\n");
        var failed = await h.Reloader.ReloadNowAsync().WaitAsync(ReloadHarness.Patience);
        h.Files.Write("base.yaml", "a: 2\nb: 1\n");
        var published = await h.Reloader.ReloadNowAsync().WaitAsync(ReloadHarness.Patience);

        Assert.Equal(ReloadStatus.Failed, failed.Status);
        Assert.Equal(ReloadStatus.Published, published.Status);
        Assert.Equal(2, h.Reloader.Current.Get<int>("a"));
    }

    private sealed class ThrowingLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => throw new InvalidOperationException("scope provider failed");

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            throw new AggregateException(new InvalidOperationException("the log sink is full"));
    }
}
