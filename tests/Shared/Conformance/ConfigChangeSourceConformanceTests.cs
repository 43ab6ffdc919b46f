using Strata.Reload.Watching;

namespace Strata.Testing.Conformance;

/// <summary>
/// The contract every <see cref="IConfigChangeSource"/> keeps, as tests: derive a class for an implementation, supply
/// a way to create sources over one store and to change that store, and it inherits every test here. A source only
/// signals: once started, a change to a watched file is reported (by its path relative to the config directory, with
/// <c>/</c> separators), a burst is reported at least once, files the source filters out are never reported, and after
/// it is disposed (once or twice) nothing is reported. Every test starts with <c>base.yaml</c> and
/// <c>environments/production.yaml</c> in the store.
/// </summary>
public abstract class ConfigChangeSourceConformanceTests : IAsyncLifetime
{
    private readonly List<IConfigChangeSource> _sources = [];

    /// <summary>Files a source must not report, as paths relative to the config directory; empty when it filters nothing.</summary>
    protected virtual IReadOnlyList<string> IgnoredFiles => [];

    /// <summary>Creates a new, not yet started source that watches the store as it is now.</summary>
    protected abstract Task<IConfigChangeSource> CreateSourceAsync();

    /// <summary>Creates or replaces a file (and its folders) in the watched store.</summary>
    /// <param name="relativePath">The path relative to the config directory, with <c>/</c> separators.</param>
    /// <param name="content">The content.</param>
    protected abstract Task WriteAsync(string relativePath, string content);

    /// <summary>Deletes a file from the watched store.</summary>
    /// <param name="relativePath">The path relative to the config directory, with <c>/</c> separators.</param>
    protected abstract Task DeleteAsync(string relativePath);

    /// <summary>Moves time on for a source that runs on a fake clock; called repeatedly while a test waits for a report.</summary>
    protected virtual void Pump()
    {
    }

    /// <summary>Prepares the store before the first files are written.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Releases the store after every source of the test is disposed.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await PrepareAsync();
        await WriteAsync("base.yaml", "v: 0\n");
        await WriteAsync("environments/production.yaml", "v: 0\n");
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }

        await CleanUpAsync();
    }

    [Fact]
    public async Task The_mode_names_how_the_source_watches()
    {
        var source = await CreateAsync();

        Assert.False(string.IsNullOrWhiteSpace(source.Mode));
        Assert.DoesNotContain(' ', source.Mode);
    }

    [Fact]
    public async Task Starting_without_a_callback_fails_with_ArgumentNullException()
    {
        var source = await CreateAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => source.StartAsync(null!));
    }

    [Fact]
    public async Task Starting_with_a_cancelled_token_fails_with_OperationCanceledException_and_watches_nothing()
    {
        var source = await CreateAsync();
        var recorder = new ChangeRecorder();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => source.StartAsync(recorder.Record, new CancellationToken(canceled: true)));
        var (_, probe) = await StartAsync();
        await WriteAsync("base.yaml", "v: 1\n");

        // A second source over the same store sees the change; by then the one that did not start would have reported it too.
        await probe.WaitForPathAsync("base.yaml", Pump);
        Assert.Empty(recorder.Reports);
    }

    [Fact]
    public async Task Starting_twice_fails_with_InvalidOperationException_and_the_first_start_keeps_watching()
    {
        var (source, recorder) = await StartAsync();
        var second = new ChangeRecorder();

        await Assert.ThrowsAsync<InvalidOperationException>(() => source.StartAsync(second.Record));
        await WriteAsync("base.yaml", "v: 1\n");

        await recorder.WaitForPathAsync("base.yaml", Pump);
        Assert.Empty(second.Reports);
    }

    [Fact]
    public async Task Starting_after_dispose_fails_with_ObjectDisposedException()
    {
        var source = await CreateAsync();
        await source.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => source.StartAsync(_ => { }));
    }

    [Fact]
    public async Task A_change_made_as_soon_as_start_returns_is_reported_by_its_relative_path()
    {
        var (_, recorder) = await StartAsync();

        await WriteAsync("base.yaml", "v: 1\n");

        await recorder.WaitForPathAsync("base.yaml", Pump);
        AssertRelative(recorder);
    }

    [Fact]
    public async Task A_change_in_a_folder_is_reported_by_its_relative_path_with_forward_slashes()
    {
        var (_, recorder) = await StartAsync();

        await WriteAsync("environments/production.yaml", "v: 1\n");

        await recorder.WaitForPathAsync("environments/production.yaml", Pump);
        AssertRelative(recorder);
    }

    [Fact]
    public async Task A_new_file_is_reported()
    {
        var (_, recorder) = await StartAsync();

        await WriteAsync("local.yaml", "v: 1\n");

        await recorder.WaitForPathAsync("local.yaml", Pump);
        AssertRelative(recorder);
    }

    [Fact]
    public async Task A_deleted_file_is_reported()
    {
        var (_, recorder) = await StartAsync();

        await DeleteAsync("environments/production.yaml");

        await recorder.WaitForPathAsync("environments/production.yaml", Pump);
        AssertRelative(recorder);
    }

    [Fact]
    public async Task A_burst_of_changes_is_reported_at_least_once_for_every_file_it_touched()
    {
        var (_, recorder) = await StartAsync();

        for (var i = 1; i <= 20; i++)
        {
            await WriteAsync(i % 2 == 0 ? "base.yaml" : "local.yaml", $"v: {i}\n");
        }

        await recorder.WaitUntilAsync(() => recorder.Paths.IsSupersetOf(["base.yaml", "local.yaml"]), Pump, "report of both base.yaml and local.yaml");
        AssertRelative(recorder);
    }

    [Fact]
    public async Task Files_the_source_filters_out_are_never_reported()
    {
        var (_, recorder) = await StartAsync();

        foreach (var ignored in IgnoredFiles)
        {
            await WriteAsync(ignored, "v: 1\n");
        }

        // A watched change made after them: once it is reported, anything about the ignored files would have been too.
        await WriteAsync("base.yaml", "v: 1\n");
        await recorder.WaitForPathAsync("base.yaml", Pump);

        Assert.Empty(recorder.Paths.Intersect(IgnoredFiles));
    }

    [Fact]
    public async Task Nothing_is_reported_after_dispose()
    {
        var (source, recorder) = await StartAsync();
        var (_, probe) = await StartAsync();

        await source.DisposeAsync();
        var before = recorder.Reports.Count;
        await WriteAsync("base.yaml", "v: 1\n");

        // A second source over the same store sees the change; by then the disposed one would have reported it too.
        await probe.WaitForPathAsync("base.yaml", Pump);
        Assert.Equal(before, recorder.Reports.Count);
    }

    [Fact]
    public async Task Disposing_twice_is_harmless()
    {
        var (source, _) = await StartAsync();

        await source.DisposeAsync();
        await source.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_a_source_that_never_started_is_harmless()
    {
        var source = await CreateAsync();

        await source.DisposeAsync();
        await source.DisposeAsync();
    }

    [Fact]
    public async Task The_status_can_be_read_before_start_while_running_and_after_dispose()
    {
        var source = await CreateAsync();
        _ = source.Status;

        await source.StartAsync(_ => { });
        _ = source.Status;

        await source.DisposeAsync();
        _ = source.Status;
    }

    private async Task<IConfigChangeSource> CreateAsync()
    {
        var source = await CreateSourceAsync();
        _sources.Add(source);
        return source;
    }

    private async Task<(IConfigChangeSource Source, ChangeRecorder Recorder)> StartAsync()
    {
        var source = await CreateAsync();
        var recorder = new ChangeRecorder();
        await source.StartAsync(recorder.Record);
        return (source, recorder);
    }

    private static void AssertRelative(ChangeRecorder recorder)
    {
        foreach (var path in recorder.Paths)
        {
            Assert.False(Path.IsPathRooted(path), $"'{path}' is not relative to the config directory");
            Assert.DoesNotContain('\\', path);
            Assert.False(path.StartsWith("./", StringComparison.Ordinal), $"'{path}' starts with ./");
        }
    }
}
