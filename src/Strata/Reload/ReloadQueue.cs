using System.Threading.Channels;

namespace Strata.Reload;

/// <summary>
/// Runs reload requests one at a time, in order, on one background worker while monitoring, and inline (still one at a
/// time) otherwise. A request someone waits for, made while nothing is queued or running and from a thread with no
/// synchronization context, runs inline too: it has nothing to wait behind, and the caller is spared two thread hops.
/// Strategy triggers are coalesced: at most one waits in the queue. A request that throws completes with the outcome
/// <c>onEscaped</c> makes of the exception, so the worker never dies and no waiter sees an exception.
/// </summary>
internal sealed class ReloadQueue(Func<ReloadRequest, CancellationToken, Task<ReloadOutcome>> execute, Func<Exception, ReloadOutcome> onEscaped) : IDisposable
{
    private readonly Channel<ReloadRequest> _requests = Channel.CreateUnbounded<ReloadRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _lifecycle = new();
    private CancellationTokenSource? _stopping;
    private Task? _worker;
    private bool _accepting;
    private int _triggerQueued;

    // Requests queued and not yet finished by the worker.
    private int _queued;

    /// <summary>True while the worker runs and has not been asked to stop.</summary>
    public bool IsRunning => _worker is not null && _stopping is { IsCancellationRequested: false };

    /// <summary>Starts the worker; false when it is already running.</summary>
    public bool Start()
    {
        lock (_lifecycle)
        {
            if (_worker is not null)
            {
                return false;
            }

            _stopping?.Dispose();
            _stopping = new CancellationTokenSource();
            var token = _stopping.Token;
            _worker = Task.Run(() => WorkAsync(token), CancellationToken.None);
            _accepting = true;
            return true;
        }
    }

    /// <summary>Asks the worker to stop and returns it, so the caller can wait for it after releasing what feeds it.</summary>
    public Task? BeginStop()
    {
        lock (_lifecycle)
        {
            // Nothing is queued from here on, so the worker's final drain completes every waiter.
            _accepting = false;
            _stopping?.Cancel();
            return _worker;
        }
    }

    /// <summary>Waits for a worker returned by <see cref="BeginStop"/> to end, and for a request running inline.</summary>
    /// <param name="worker">The worker.</param>
    public async Task EndStopAsync(Task? worker)
    {
        if (worker is not null)
        {
            try
            {
                await worker.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        // A request that ran inline while monitoring ends before the stop does, as one on the worker would.
        await _gate.WaitAsync().ConfigureAwait(false);
        _gate.Release();
        lock (_lifecycle)
        {
            _worker = null;
        }
    }

    /// <summary>Queues a strategy-triggered reload unless one is already waiting.</summary>
    public void Trigger()
    {
        if (Interlocked.Exchange(ref _triggerQueued, 1) == 0 && !TryQueue(new ReloadRequest(ReloadRequestKind.Triggered, null, null)))
        {
            Volatile.Write(ref _triggerQueued, 0);
        }
    }

    /// <summary>Queues a request nobody waits for (from a signal handler, say).</summary>
    /// <param name="kind">What to do.</param>
    public void Post(ReloadRequestKind kind) => TryQueue(new ReloadRequest(kind, null, null));

    /// <summary>Runs a request after every earlier one and returns its outcome.</summary>
    /// <param name="kind">What to do.</param>
    /// <param name="version">The version, for a rollback.</param>
    /// <param name="cancellationToken">Stops waiting (a queued request still runs).</param>
    public async Task<ReloadOutcome> RunAsync(ReloadRequestKind kind, long? version, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource<ReloadOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var request = new ReloadRequest(kind, version, completion);
        if (TryEnterIdle())
        {
            try
            {
                return await ExecuteAsync(request, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        if (!TryQueue(request))
        {
            // Not monitoring: run inline, still one at a time.
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ExecuteAsync(request, CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping?.Dispose();
        _gate.Dispose();
    }

    /// <summary>Takes the gate when the worker is running but has nothing queued or running, so a request can run inline.</summary>
    private bool TryEnterIdle()
    {
        if (SynchronizationContext.Current is not null || Volatile.Read(ref _queued) != 0 || !_gate.Wait(0))
        {
            return false;
        }

        lock (_lifecycle)
        {
            // Checked again with the gate held: a request queued meanwhile goes first.
            if (_accepting && _queued == 0)
            {
                return true;
            }
        }

        _gate.Release();
        return false;
    }

    private bool TryQueue(ReloadRequest request)
    {
        lock (_lifecycle)
        {
            if (!_accepting || !_requests.Writer.TryWrite(request))
            {
                return false;
            }

            _queued++;
            return true;
        }
    }

    private void Finished()
    {
        lock (_lifecycle)
        {
            _queued--;
        }
    }

    private async Task WorkAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var request in _requests.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                using var finished = new FinishedScope(this);
                try
                {
                    await _gate.WaitAsync(stopping).ConfigureAwait(false);
                    try
                    {
                        var outcome = await ExecuteAsync(request, stopping).ConfigureAwait(false);
                        request.Completion?.TrySetResult(outcome);
                    }
                    finally
                    {
                        _gate.Release();
                    }
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    request.Completion?.TrySetCanceled(stopping);
                    throw;
                }
                catch (Exception ex)
                {
                    // Reporting the failure failed too: the waiter gets the exception and the worker takes the next request.
                    request.Completion?.TrySetException(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            while (_requests.Reader.TryRead(out var left))
            {
                Finished();
                left.Completion?.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    private async Task<ReloadOutcome> ExecuteAsync(ReloadRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind == ReloadRequestKind.Triggered)
        {
            Volatile.Write(ref _triggerQueued, 0);
        }

        try
        {
            return await execute(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return onEscaped(ex);
        }
    }

    /// <summary>Counts a dequeued request as finished however its processing ends.</summary>
    private readonly struct FinishedScope(ReloadQueue queue) : IDisposable
    {
        public void Dispose() => queue.Finished();
    }
}
