using Strata.Reload.Watching;

namespace Strata.Reload.Strategies;

/// <summary>
/// Reloads once the burst of events from one save has been quiet for <see cref="ReloadOptions.SettleDelay"/>, or sooner
/// when it is known to be over: at once when the change source signals whole changes, and as soon as every file with
/// events waiting has been reported whole (closed after writing, or renamed into place). While a file is being written
/// (created or written to and not closed since) the quiet time is <see cref="WritingQuietTime"/> instead, so a writer
/// that pauses mid-file is read once it closes the file.
/// </summary>
internal sealed class ImmediateReloadHandler : ReloadStrategyHandler
{
    /// <summary>How long a file still open for writing is waited for after its last event; then it is read as it is.</summary>
    public static readonly TimeSpan WritingQuietTime = TimeSpan.FromSeconds(2);

    private readonly DebounceTimer? _settle;
    private readonly TimeSpan _writingQuietTime;
    private readonly Lock _gate = new();

    // Files with events since they were last reported whole; a change that names no file stays here until the quiet time.
    private readonly HashSet<string> _unsettled = new(StringComparer.Ordinal);

    // Of those, the files whose writer may still be at work.
    private readonly HashSet<string> _writing = new(StringComparer.Ordinal);

    /// <summary>Creates the handler.</summary>
    /// <param name="options">The reload settings.</param>
    /// <param name="requestReload">Asks the reloader for a reload.</param>
    /// <param name="wholeChanges">Each signal is a whole change: nothing to wait for.</param>
    public ImmediateReloadHandler(ReloadOptions options, Action requestReload, bool wholeChanges = false)
        : base(options, requestReload)
    {
        if (options.SettleDelay > TimeSpan.Zero && !wholeChanges)
        {
            _settle = new DebounceTimer(options.TimeProvider, options.SettleDelay, Settled);
        }

        _writingQuietTime = options.SettleDelay > WritingQuietTime ? options.SettleDelay : WritingQuietTime;
    }

    /// <inheritdoc />
    public override void OnChange(IReadOnlyList<string> files, FileEventKind kind, int pendingFileCount)
    {
        if (kind == FileEventKind.Whole)
        {
            Complete(files);
        }
        else
        {
            Unsettle(files, writing: kind == FileEventKind.Writing);
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _settle?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Complete(IReadOnlyList<string> files)
    {
        if (_settle is null)
        {
            RequestReload();
            return;
        }

        lock (_gate)
        {
            _unsettled.ExceptWith(files);
            _writing.ExceptWith(files);
            if (_unsettled.Count > 0)
            {
                // Another file is still being written, or a file was deleted or a directory or link changed: wait.
                RestartTimer();
                return;
            }

            _settle.Cancel();
        }

        RequestReload();
    }

    private void Unsettle(IReadOnlyList<string> files, bool writing)
    {
        if (_settle is null)
        {
            RequestReload();
            return;
        }

        lock (_gate)
        {
            if (files.Count == 0)
            {
                _unsettled.Add(PendingChanges.Structural);
            }
            else
            {
                _unsettled.UnionWith(files);
                if (writing)
                {
                    _writing.UnionWith(files);
                }
                else
                {
                    _writing.ExceptWith(files);
                }
            }

            RestartTimer();
        }
    }

    private void RestartTimer() => _settle!.Restart(_writing.Count > 0 ? _writingQuietTime : Options.SettleDelay);

    private void Settled()
    {
        lock (_gate)
        {
            _unsettled.Clear();
            _writing.Clear();
        }

        RequestReload();
    }
}
