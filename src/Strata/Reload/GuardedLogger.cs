using Microsoft.Extensions.Logging;

namespace Strata.Reload;

/// <summary>
/// Passes log entries to a logger and swallows what its providers throw: the reloader logs from inside its last line of
/// defence, where a failing log provider must not stop reloads.
/// </summary>
internal sealed class GuardedLogger(ILogger inner) : ILogger
{
    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
    {
        try
        {
            return inner.BeginScope(state);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel)
    {
        try
        {
            return inner.IsEnabled(logLevel);
        }
        catch (Exception)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
        catch (Exception)
        {
            // A log entry that cannot be written is lost; the reload it describes goes on.
        }
    }
}
