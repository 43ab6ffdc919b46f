using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Strata.Validation;

namespace Strata.Extensions.Configuration.Services;

/// <summary>
/// What one service provider adds to a runtime: its <see cref="IConfigSnapshotValidator"/>s (options validation from
/// <c>AddStrataOptions</c> included) in the runtime's validate stage, its logging when the reloader has no logger yet,
/// and a Strata-only <see cref="IConfiguration"/> that typed options bind from. Creating it loads the configuration
/// (if nothing has yet). Disposing it detaches all of that, and disposes the runtime when the container owns it.
/// </summary>
internal sealed class StrataServices : IAsyncDisposable, IDisposable
{
    private readonly bool _ownsRuntime;
    private readonly IDisposable _validators;
    private readonly ILogger? _attachedLogger;
    private readonly ConfigurationRoot _view;
    private int _disposed;

    public StrataServices(StrataRuntime runtime, bool ownsRuntime, IEnumerable<IConfigSnapshotValidator> validators, ILoggerFactory? loggerFactory)
    {
        Runtime = runtime;
        _ownsRuntime = ownsRuntime;
        _validators = runtime.Validators.Attach(validators);
        if (loggerFactory?.CreateLogger(StrataRuntime.LoggerCategory) is { } logger && runtime.Logger.TryAttach(logger))
        {
            _attachedLogger = logger;
        }

        try
        {
            _view = new ConfigurationRoot([new StrataConfigurationProvider(runtime, controlsWatching: false)]);
        }
        catch
        {
            Detach();
            if (_ownsRuntime)
            {
                runtime.Dispose();
            }

            throw;
        }
    }

    public StrataRuntime Runtime { get; }

    /// <summary>The runtime's configuration alone (no other source), as <see cref="IConfiguration"/>.</summary>
    public IConfiguration View => _view;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _view.Dispose();
        Detach();
        if (_ownsRuntime)
        {
            await Runtime.DisposeAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => DisposeAsync().AsTask().ConfigureAwait(false).GetAwaiter().GetResult();

    private void Detach()
    {
        _validators.Dispose();
        if (_attachedLogger is not null)
        {
            Runtime.Logger.Detach(_attachedLogger);
        }
    }
}
