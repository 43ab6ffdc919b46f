using System.Threading.Channels;

namespace Strata.Extensions.Configuration.Tests.Support;

/// <summary>Collects events raised on other threads; tests wait for the next one with a generous timeout.</summary>
internal sealed class EventQueue<T>
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly Channel<T> _channel = Channel.CreateUnbounded<T>();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Add(T item)
    {
        Interlocked.Increment(ref _count);
        _channel.Writer.TryWrite(item);
    }

    public async Task<T> NextAsync() => await _channel.Reader.ReadAsync().AsTask().WaitAsync(Patience);

    /// <summary>Waits for the next event that matches, skipping others.</summary>
    public async Task<T> NextAsync(Func<T, bool> match)
    {
        while (true)
        {
            var item = await NextAsync();
            if (match(item))
            {
                return item;
            }
        }
    }

    public bool TryTake(out T item) => _channel.Reader.TryRead(out item!);
}
