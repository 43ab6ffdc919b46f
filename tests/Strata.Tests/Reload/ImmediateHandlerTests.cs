using Microsoft.Extensions.Time.Testing;
using Strata.Reload;
using Strata.Reload.Strategies;
using Strata.Reload.Watching;

namespace Strata.Tests.Reload;

/// <summary>When the immediate strategy asks for a reload: after the quiet time, or as soon as every file with events waiting is whole.</summary>
public sealed class ImmediateHandlerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly ImmediateReloadHandler _handler;
    private int _requests;

    public ImmediateHandlerTests()
    {
        var options = new ReloadOptions { TimeProvider = _time, SettleDelay = TimeSpan.FromMilliseconds(10) };
        _handler = new ImmediateReloadHandler(options, () => Interlocked.Increment(ref _requests));
    }

    public void Dispose() => _handler.Dispose();

    [Fact]
    public void Events_alone_wait_for_the_quiet_time()
    {
        _handler.OnChange(["base.yaml"], FileEventKind.Changed, 1);
        _time.Advance(TimeSpan.FromMilliseconds(9));
        Assert.Equal(0, _requests);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _requests);
    }

    [Fact]
    public void A_file_reported_whole_is_read_at_once_and_the_quiet_time_is_not_waited_again()
    {
        _handler.OnChange(["base.yaml"], FileEventKind.Changed, 1);
        _handler.OnChange(["base.yaml"], FileEventKind.Whole, 1);
        Assert.Equal(1, _requests);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, _requests);
    }

    [Fact]
    public void A_whole_file_whose_events_arrive_after_it_is_read_at_once_and_once_more_after_the_quiet_time()
    {
        // The two watchers deliver on their own threads: the completion can come first.
        _handler.OnChange(["base.yaml"], FileEventKind.Whole, 1);
        Assert.Equal(1, _requests);
        _handler.OnChange(["base.yaml"], FileEventKind.Changed, 1);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(2, _requests);
    }

    [Fact]
    public void A_file_still_being_written_holds_back_one_that_is_whole()
    {
        _handler.OnChange(["base.yaml"], FileEventKind.Changed, 1);
        _handler.OnChange(["agents/a.yaml"], FileEventKind.Changed, 2);
        _handler.OnChange(["base.yaml"], FileEventKind.Whole, 2);
        Assert.Equal(0, _requests);
        _handler.OnChange(["agents/a.yaml"], FileEventKind.Whole, 2);
        Assert.Equal(1, _requests);
    }

    [Fact]
    public void A_change_that_names_no_file_waits_for_the_quiet_time()
    {
        _handler.OnChange([], FileEventKind.Changed, 1);
        _handler.OnChange(["base.yaml"], FileEventKind.Whole, 2);
        Assert.Equal(0, _requests);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, _requests);

        // The quiet time settled everything: the next whole file goes at once.
        _handler.OnChange(["base.yaml"], FileEventKind.Whole, 1);
        Assert.Equal(2, _requests);
    }

    [Fact]
    public void With_no_quiet_time_every_signal_asks_for_a_reload()
    {
        var requests = 0;
        using var handler = new ImmediateReloadHandler(new ReloadOptions { TimeProvider = _time, SettleDelay = TimeSpan.Zero }, () => requests++);
        handler.OnChange(["base.yaml"], FileEventKind.Changed, 1);
        handler.OnChange(["base.yaml"], FileEventKind.Whole, 1);
        Assert.Equal(2, requests);
    }

    [Fact]
    public void A_file_being_written_is_waited_for_past_the_quiet_time_until_it_is_closed()
    {
        _handler.OnChange(["base.yaml"], FileEventKind.Writing, 1);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, _requests);
        _handler.OnChange(["base.yaml"], FileEventKind.Whole, 1);
        Assert.Equal(1, _requests);
    }

    [Fact]
    public void A_file_left_open_is_read_once_the_writing_quiet_time_has_passed()
    {
        _handler.OnChange(["base.yaml"], FileEventKind.Writing, 1);
        _time.Advance(ImmediateReloadHandler.WritingQuietTime - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _requests);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _requests);
    }

    [Fact]
    public void A_file_deleted_while_being_written_waits_the_quiet_time_only()
    {
        _handler.OnChange(["base.yaml"], FileEventKind.Writing, 1);
        _handler.OnChange(["base.yaml"], FileEventKind.Changed, 1);
        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, _requests);
    }

    [Fact]
    public void Completing_one_file_while_another_is_being_written_keeps_waiting_for_the_other()
    {
        _handler.OnChange(["agents/a.yaml"], FileEventKind.Writing, 1);
        _handler.OnChange(["base.yaml"], FileEventKind.Writing, 2);
        _handler.OnChange(["base.yaml"], FileEventKind.Whole, 2);
        _time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(0, _requests);
        _handler.OnChange(["agents/a.yaml"], FileEventKind.Whole, 2);
        Assert.Equal(1, _requests);
    }
}
