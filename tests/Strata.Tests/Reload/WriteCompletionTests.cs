using System.Threading.Channels;
using Strata.Notifications;
using Strata.Reload;
using Strata.Reload.Watching;

namespace Strata.Tests.Reload;

/// <summary>
/// Real files and inotify: a save is read as soon as it is whole. The quiet time is set to ten minutes, so a reload within
/// the test's patience can only have come from a file reported whole. Every wait is for an event; none asserts a duration.
/// </summary>
public sealed class WriteCompletionTests : IDisposable
{
    private static readonly TimeSpan NeverQuiet = TimeSpan.FromMinutes(10);
    private readonly TempConfigDir _dir = new();
    private readonly ReloaderInbox _inbox = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_file_closed_after_writing_is_read_without_waiting_for_the_quiet_time()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync();
        _dir.Write("base.yaml", "a: 2\n");
        Assert.Equal(2, (await NextPublishedOrFailed()).NewSnapshot!.Get<int>("a"));
    }

    [Fact]
    public async Task A_bad_save_is_reported_once_and_the_next_good_save_publishes()
    {
        // The file's events and its completion come from one ordered stream, so no late event reads the save again.
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync();
        _dir.Write("base.yaml", "a: [2\n");
        Assert.Equal(ReloadEvent.ConfigFailed, (await NextPublishedOrFailed()).EventType);
        _dir.Write("base.yaml", "a: 3\n");
        var next = await NextPublishedOrFailed();
        Assert.Equal(ReloadEvent.ConfigReloaded, next.EventType);
        Assert.Equal(3, next.NewSnapshot!.Get<int>("a"));
        Assert.Equal(1, reloader.GetStatistics().Failures);
    }

    [Fact]
    public async Task Events_of_a_file_in_a_watched_directory_come_in_order_and_end_with_its_completion()
    {
        var batches = Channel.CreateUnbounded<FileEventBatch>();
        using var watcher = InotifyWatcher.TryStart(_dir.Path, recursive: false, _ => true, batch => batches.Writer.TryWrite(batch));
        Assert.NotNull(watcher);
        Assert.True(watcher.Covers(_dir.Path));
        var file = Path.Combine(_dir.Path, "base.yaml");
        using var cts = new CancellationTokenSource(ReloaderInbox.Patience);
        await using (var stream = new FileStream(file, FileMode.Create, FileAccess.Write))
        {
            await stream.WriteAsync("a: 1\n"u8.ToArray(), cts.Token);
            await stream.FlushAsync(cts.Token);

            // Open for writing: being written, never whole.
            var first = await batches.Reader.ReadAsync(cts.Token);
            Assert.Equal(FileEventKind.Writing, Assert.Single(first.Files, f => f.Key == file).Value);
        }

        // The rest of the write (if it came in its own batch) is being written; then the close makes it whole.
        while (true)
        {
            var kind = Assert.Single((await batches.Reader.ReadAsync(cts.Token)).Files, f => f.Key == file).Value;
            if (kind == FileEventKind.Whole)
            {
                break;
            }

            Assert.Equal(FileEventKind.Writing, kind);
        }

        File.Delete(file);
        var deleted = await batches.Reader.ReadAsync(cts.Token);
        Assert.Equal(FileEventKind.Changed, Assert.Single(deleted.Files, f => f.Key == file).Value);
    }

    [Fact]
    public async Task A_writer_that_pauses_longer_than_the_quiet_time_is_read_once_it_closes_the_file()
    {
        _dir.Write("base.yaml", "a: 1\nb: 1\n");
        await using var reloader = await _inbox.StartAsync(_dir.Path);
        await using (var stream = new FileStream(Path.Combine(_dir.Path, "base.yaml"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            // The first half is valid YAML on its own; the pause is ten times the default quiet time.
            await stream.WriteAsync("a: 2\n"u8.ToArray());
            await stream.FlushAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(100));
            await stream.WriteAsync("b: 2\n"u8.ToArray());
        }

        var published = await NextPublishedOrFailed();
        Assert.Equal(ReloadEvent.ConfigReloaded, published.EventType);
        Assert.Equal(2, published.NewSnapshot!.Get<int>("b"));
    }

    [Fact]
    public async Task A_file_renamed_into_place_is_read_without_waiting_for_the_quiet_time()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync();
        var temp = _dir.Write("base.yaml.tmp", "a: 2\n");
        File.Move(temp, Path.Combine(_dir.Path, "base.yaml"), overwrite: true);
        Assert.Equal(2, (await NextPublishedOrFailed()).NewSnapshot!.Get<int>("a"));
    }

    [Fact]
    public async Task A_file_still_open_for_writing_is_read_only_once_it_is_closed()
    {
        _dir.Write("base.yaml", "a: 1\nb: 1\n");
        await using var reloader = await StartAsync();
        await using (var stream = new FileStream(Path.Combine(_dir.Path, "base.yaml"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            // The first half is valid YAML on its own: read now, it would go live without b.
            await stream.WriteAsync("a: 2\n"u8.ToArray());
            await stream.FlushAsync();
            await stream.WriteAsync("b: 2\n"u8.ToArray());
        }

        var published = await NextPublishedOrFailed();
        Assert.Equal(ReloadEvent.ConfigReloaded, published.EventType);
        Assert.Equal(2, published.NewSnapshot!.Get<int>("a"));
        Assert.Equal(2, published.NewSnapshot!.Get<int>("b"));
    }

    [Fact]
    public async Task A_file_truncated_and_closed_empty_is_not_read_before_it_is_written()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync();
        await using (new FileStream(Path.Combine(_dir.Path, "base.yaml"), FileMode.Truncate, FileAccess.Write))
        {
        }

        _dir.Write("base.yaml", "a: 2\n");
        var next = await NextPublishedOrFailed();
        Assert.Equal(ReloadEvent.ConfigReloaded, next.EventType);
        Assert.Equal(2, next.NewSnapshot!.Get<int>("a"));
    }

    [Fact]
    public async Task Files_written_in_a_directory_created_while_watching_are_reported()
    {
        var completed = Channel.CreateUnbounded<string>();
        using var watcher = InotifyWatcher.TryStart(_dir.Path, recursive: true, _ => true, batch =>
        {
            foreach (var (path, kind) in batch.Files)
            {
                if (kind == FileEventKind.Whole)
                {
                    completed.Writer.TryWrite(path);
                }
            }
        });
        Assert.NotNull(watcher);
        Directory.CreateDirectory(Path.Combine(_dir.Path, "agents"));
        var file = Path.Combine(_dir.Path, "agents", "a.yaml");

        // The new directory is watched once its creation has been read; a write before that is not seen, so write again
        // until one is.
        using var cts = new CancellationTokenSource(ReloaderInbox.Patience);
        while (true)
        {
            File.WriteAllText(file, "a: 1\n");
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
            attempt.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                if (await completed.Reader.ReadAsync(attempt.Token) == file)
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!cts.IsCancellationRequested)
            {
            }
        }
    }

    [Fact]
    public async Task A_directory_renamed_away_is_no_longer_reported_under_its_old_name()
    {
        var batches = Channel.CreateUnbounded<IReadOnlyCollection<string>>();
        var agents = Path.Combine(_dir.Path, "agents");
        Directory.CreateDirectory(agents);
        using var watcher = InotifyWatcher.TryStart(_dir.Path, recursive: true, _ => true, batch => batches.Writer.TryWrite([.. batch.Files.Keys]));
        Assert.NotNull(watcher);
        Assert.True(watcher.Covers(agents));

        Directory.Move(agents, Path.Combine(_dir.Path, "agents-old"));
        File.WriteAllText(Path.Combine(_dir.Path, "agents-old", "a.yaml"), "a: 1\n");
        using var cts = new CancellationTokenSource(ReloaderInbox.Patience);
        var reported = await batches.Reader.ReadAsync(cts.Token);
        Assert.All(reported, path => Assert.DoesNotContain("/agents/", path, StringComparison.Ordinal));
        Assert.False(watcher.Covers(agents));
        Assert.True(watcher.Covers(Path.Combine(_dir.Path, "agents-old")));
    }

    [Fact]
    public void The_watcher_stops_when_disposed()
    {
        var watcher = InotifyWatcher.TryStart(_dir.Path, recursive: false, _ => true, _ => { });
        Assert.NotNull(watcher);
        watcher.Dispose();
        watcher.Dispose();
    }

    private Task<ConfigurationHotReloader> StartAsync() => _inbox.StartAsync(_dir.Path, o => o.SettleDelay = NeverQuiet);

    private Task<ReloadNotification> NextPublishedOrFailed() => _inbox.NextAsync(ReloadEvent.ConfigReloaded, ReloadEvent.ConfigFailed);
}
