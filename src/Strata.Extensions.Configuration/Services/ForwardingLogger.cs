using Microsoft.Extensions.Logging;

namespace Strata.Extensions.Configuration.Services;

/// <summary>
/// The reloader's logger. A reloader created while configuration is being built exists before any logging does;
/// this forwards to a logger attached later by the service provider (or to the one given in options at once).
/// </summary>
internal sealed class ForwardingLogger(ILogger? initial) : ILogger
{
    private ILogger? _target = initial;

    /// <summary>Attaches a logger when none is attached yet; false when one already is.</summary>
    /// <param name="logger">The logger.</param>
    public bool TryAttach(ILogger logger) => Interlocked.CompareExchange(ref _target, logger, null) is null;

    /// <summary>Detaches a logger attached with <see cref="TryAttach"/>.</summary>
    /// <param name="logger">The logger.</param>
    public void Detach(ILogger logger) => Interlocked.CompareExchange(ref _target, null, logger);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => Volatile.Read(ref _target)?.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => Volatile.Read(ref _target)?.IsEnabled(logLevel) ?? false;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Volatile.Read(ref _target)?.Log(logLevel, eventId, state, exception, formatter);
}
