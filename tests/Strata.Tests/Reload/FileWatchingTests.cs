using Strata.Notifications;
using Strata.Reload;
using Strata.Reload.Watching;

namespace Strata.Tests.Reload;

/// <summary>
/// Real files, real watchers. Every wait is for an event with a generous timeout; no test asserts a duration.
/// </summary>
public sealed class FileWatchingTests : IDisposable
{
    private readonly TempConfigDir _dir = new();
    private readonly ReloaderInbox _inbox = new();

    public void Dispose()
    {
        _dir.Dispose();
    }

    [Fact]
    public async Task An_edit_in_place_reloads()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync();
        _dir.Write("base.yaml", "a: 2\n");
        var n = await Next(ReloadEvent.ConfigReloaded);
        Assert.Equal(2, n.Version);
        Assert.Equal(2, reloader.Current.Get<int>("a"));
        Assert.Equal("events", reloader.GetStatistics().WatcherMode);
    }

    [Fact]
    public async Task An_editors_atomic_save_reloads()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync();
        var temp = _dir.Write(".base.yaml.swp", "a: 2\n");
        File.Move(temp, Path.Combine(_dir.Path, "base.yaml"), overwrite: true);
        Assert.Equal(2, (await Next(ReloadEvent.ConfigReloaded)).NewSnapshot!.Get<int>("a"));
    }

    [Fact]
    public async Task Truncate_then_write_never_publishes_the_empty_file()
    {
        _dir.Write("base.yaml", "a: 1\nb: 1\n");
        await using var reloader = await StartAsync();
        await File.WriteAllTextAsync(Path.Combine(_dir.Path, "base.yaml"), string.Empty);
        var failed = await Next(ReloadEvent.ConfigFailed);
        Assert.Contains("became empty", failed.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(1, reloader.Current.Get<int>("b"));
        _dir.Write("base.yaml", "a: 2\nb: 2\n");
        var reloaded = await Next(ReloadEvent.ConfigReloaded);
        Assert.Equal(2, reloaded.NewSnapshot!.Get<int>("b"));
    }

    [Fact]
    public async Task A_malformed_edit_keeps_the_last_good_configuration()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync();
        _dir.Write("base.yaml", "a: [1,\n");
        var failed = await Next(ReloadEvent.ConfigFailed);
        Assert.Equal("base.yaml", failed.Errors.Single().File);
        Assert.Equal(1, reloader.Current.Get<int>("a"));
        Assert.Equal(1, reloader.Current.Version);
    }

    [Fact]
    public async Task A_deleted_base_fails_and_its_return_reloads()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync();
        File.Delete(Path.Combine(_dir.Path, "base.yaml"));
        Assert.Equal("base.yaml", (await Next(ReloadEvent.ConfigFailed)).Errors.Single().File);
        Assert.Equal(1, reloader.Current.Get<int>("a"));
        _dir.Write("base.yaml", "a: 3\n");
        Assert.Equal(3, (await Next(ReloadEvent.ConfigReloaded)).NewSnapshot!.Get<int>("a"));
    }

    [Fact]
    public async Task A_layer_file_created_later_is_picked_up()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync();
        _dir.Write("environments/development.yaml", "a: 5\n");
        var n = await Next(ReloadEvent.ConfigReloaded);
        Assert.Equal(5, n.NewSnapshot!.Get<int>("a"));
        Assert.Contains("environments/development.yaml", n.Files);
    }

    [Fact]
    public async Task A_renamed_environments_folder_fails_until_it_is_renamed_back()
    {
        _dir.Write("base.yaml", "redis:\n  host: localhost\n");
        _dir.Write("environments/production.yaml", "redis:\n  host: redis.prod\n");
        await using var reloader = await StartAsync(environment: "production");
        Assert.Equal("redis.prod", reloader.Current.Get<string>("redis.host"));

        var folder = Path.Combine(_dir.Path, "environments");
        Directory.Move(folder, folder + ".old");
        var failed = await Next(ReloadEvent.ConfigFailed);
        Assert.Equal(
            "environments/production.yaml:1:1: the environment layer file is missing; it was part of the live configuration (restore it, or switch environment)",
            failed.Errors.Single().ToString());
        Assert.Equal("redis.prod", reloader.Current.Get<string>("redis.host"));
        Assert.Equal(1, reloader.Current.Version);

        Directory.Move(folder + ".old", folder);
        Assert.Equal(ReloadStatus.Unchanged, (await reloader.ReloadNowAsync()).Status);
        _dir.Write("environments/production.yaml", "redis:\n  host: redis2.prod\n");
        var reloaded = await Next(ReloadEvent.ConfigReloaded);
        Assert.Equal(2, reloaded.Version);
        Assert.Equal("redis2.prod", reloaded.NewSnapshot!.Get<string>("redis.host"));
    }

    [Fact]
    public async Task Ignored_files_never_count_as_changes()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync(o => o.Strategy = ReloadStrategy.Manual);
        _dir.Write("base.yaml.swp", "junk");
        _dir.Write("4913", "junk");
        _dir.Write("base.yaml~", "junk");
        _dir.Write("notes.tmp", "junk");
        _dir.Write("base.yaml", "a: 2\n");
        var changed = await Next(ReloadEvent.FileChanged);
        Assert.Equal(["base.yaml"], changed.Files);
        Assert.Equal(["base.yaml"], reloader.GetPendingChanges());
    }

    [Fact]
    public async Task Editing_the_target_of_a_symlinked_layer_reloads()
    {
        using var elsewhere = new TempConfigDir();
        var target = elsewhere.Write("real-base.yaml", "a: 1\n");
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "base.yaml"), target);
        await using var reloader = await StartAsync();
        await File.WriteAllTextAsync(target, "a: 2\n");
        Assert.Equal(2, (await Next(ReloadEvent.ConfigReloaded)).NewSnapshot!.Get<int>("a"));
    }

    [Fact]
    public async Task A_layer_file_replaced_by_a_symlink_while_watching_reloads_when_its_target_is_edited()
    {
        _dir.Write("base.yaml", "a: 1\n");
        _dir.Write("environments/development.yaml", "b: 1\n");
        await using var reloader = await StartAsync();
        using var elsewhere = new TempConfigDir();
        var target = elsewhere.Write("real-base.yaml", "a: 2\n");
        var link = Path.Combine(_dir.Path, ".base.yaml.swp");
        File.CreateSymbolicLink(link, target);
        File.Move(link, Path.Combine(_dir.Path, "base.yaml"), overwrite: true);
        Assert.Equal(2, (await Next(ReloadEvent.ConfigReloaded)).NewSnapshot!.Get<int>("a"));

        // An edit of the environment file alone (a reload of the one file its event names) keeps the target watched.
        _dir.Write("environments/development.yaml", "b: 2\n");
        Assert.Equal(2, (await Next(ReloadEvent.ConfigReloaded)).NewSnapshot!.Get<int>("b"));
        await File.WriteAllTextAsync(target, "a: 3\n");
        Assert.Equal(3, (await Next(ReloadEvent.ConfigReloaded)).NewSnapshot!.Get<int>("a"));
    }

    [Fact]
    public async Task A_kubernetes_configmap_data_swap_reloads()
    {
        // The kubelet's layout: base.yaml -> ..data/base.yaml, ..data -> ..<timestamp>/, swapped by renaming ..data_tmp over ..data.
        var first = Path.Combine(_dir.Path, "..2026_11_27_12_00_00.000000001");
        Directory.CreateDirectory(first);
        await File.WriteAllTextAsync(Path.Combine(first, "base.yaml"), "a: 1\n");
        Directory.CreateSymbolicLink(Path.Combine(_dir.Path, "..data"), first);
        File.CreateSymbolicLink(Path.Combine(_dir.Path, "base.yaml"), Path.Combine("..data", "base.yaml"));
        await using var reloader = await StartAsync();
        Assert.Equal(1, reloader.Current.Get<int>("a"));

        var second = Path.Combine(_dir.Path, "..2026_11_27_12_05_00.000000002");
        Directory.CreateDirectory(second);
        await File.WriteAllTextAsync(Path.Combine(second, "base.yaml"), "a: 2\n");
        var tmpLink = Path.Combine(_dir.Path, "..data_tmp");
        Directory.CreateSymbolicLink(tmpLink, second);
        Rename(tmpLink, Path.Combine(_dir.Path, "..data"));
        Directory.Delete(first, recursive: true);

        Assert.Equal(2, (await Next(ReloadEvent.ConfigReloaded)).NewSnapshot!.Get<int>("a"));
    }

    [Fact]
    public async Task Polling_detects_changes_when_asked_for()
    {
        _dir.Write("base.yaml", "a: 1\n");
        await using var reloader = await StartAsync(o =>
        {
            o.UsePolling = true;
            o.PollingInterval = TimeSpan.FromMilliseconds(50);
        });
        Assert.Equal("polling", reloader.GetStatistics().WatcherMode);
        _dir.Write("base.yaml", "a: 2\n");
        Assert.Equal(2, (await Next(ReloadEvent.ConfigReloaded)).NewSnapshot!.Get<int>("a"));
    }

    [Fact]
    public async Task Polling_takes_over_when_events_cannot_start()
    {
        _dir.Write("base.yaml", "a: 1\n");
        var reloader = Create(o => o.PollingInterval = TimeSpan.FromMilliseconds(50));
        reloader.EventSourceFactory = () => new RefusingSource();
        await using (reloader)
        {
            await reloader.StartAsync();
            Assert.Equal("polling", reloader.GetStatistics().WatcherMode);
            _dir.Write("base.yaml", "a: 2\n");
            Assert.Equal(2, (await Next(ReloadEvent.ConfigReloaded)).NewSnapshot!.Get<int>("a"));
        }
    }

    private static void Rename(string from, string to)
    {
        // rename(2) replaces the destination link atomically, as the kubelet does.
        var ok = RenameNative(from, to) == 0;
        Assert.True(ok, "rename failed");
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
#pragma warning disable CA2101, SYSLIB1054
    private static extern int RenameNative([System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string from, [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string to);
#pragma warning restore CA2101, SYSLIB1054

    private ConfigurationHotReloader Create(Action<ReloadOptions>? configure = null, string? environment = null) => _inbox.Create(_dir.Path, configure, environment);

    private Task<ConfigurationHotReloader> StartAsync(Action<ReloadOptions>? configure = null, string? environment = null) => _inbox.StartAsync(_dir.Path, configure, environment);

    private Task<ReloadNotification> Next(ReloadEvent wanted) => _inbox.NextAsync(wanted);

    private sealed class RefusingSource : IConfigChangeSource
    {
        public string Mode => "events";

        public Task StartAsync(Action<IReadOnlyList<string>> onChange, CancellationToken cancellationToken = default) =>
            throw new IOException("The configured user limit (128) on the number of inotify instances has been reached.");

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
