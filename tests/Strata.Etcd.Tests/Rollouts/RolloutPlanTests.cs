using System.Text.Json;
using Strata.Etcd.Instances;
using Strata.Etcd.Rollouts;
using Strata.Model;

namespace Strata.Etcd.Tests.Rollouts;

/// <summary>Wave membership, the rollout record's JSON, the options' validation and the progression rule, without etcd.</summary>
public sealed class RolloutPlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private static List<string> Ids(int n) => [.. Enumerable.Range(1, n).Select(i => $"node-{i}")];

    private static EtcdRollout Rollout(IReadOnlyList<EtcdRolloutWave> waves, int currentWave = 1, TimeSpan bake = default, int maxUnhealthy = 0, EtcdRolloutState state = EtcdRolloutState.Progressing) =>
        new(2, 1, state, currentWave, waves, bake, maxUnhealthy, T0, T0, T0, null, null, null, [], null);

    private static EtcdInstanceRecord Instance(string id, long release, EtcdInstanceState state = EtcdInstanceState.Applied, int? wave = 1, params ConfigurationError[] errors) =>
        new(id, "host", 1, "production", "worker", release, 1, "hash", state, errors, wave, T0);

    [Fact]
    public void Scores_are_stable_16_hex_digits_that_change_with_the_release()
    {
        var score = EtcdRollout.ScoreOf(7, "node-1");
        Assert.Matches("^[0-9a-f]{16}$", score);
        Assert.Equal(score, EtcdRollout.ScoreOf(7, "node-1"));
        Assert.NotEqual(score, EtcdRollout.ScoreOf(8, "node-1"));
    }

    [Fact]
    public void A_canary_of_one_is_exactly_one_instance_and_percentages_round_up_over_the_live_instances()
    {
        var ids = Ids(20);
        var waves = WavePlanner.Plan(2, ["1", "25%", "100%"], ids);
        Assert.Equal([(1, "1", 1), (2, "25%", 5), (3, "100%", 20)], waves.Select(w => (w.Number, w.Target, w.Instances)));
        Assert.Equal(EtcdRollout.Everyone, waves[^1].Cutoff);

        var rollout = Rollout(waves);
        var byWave = ids.GroupBy(rollout.WaveOf).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, byWave[1]);
        Assert.Equal(4, byWave[2]);
        Assert.Equal(15, byWave[3]);

        // The canary is the lowest score; an instance that starts later lands in a wave by its own score.
        Assert.Equal(ids.MinBy(id => EtcdRollout.ScoreOf(2, id), StringComparer.Ordinal), Assert.Single(ids, id => rollout.WaveOf(id) == 1));
        Assert.InRange(rollout.WaveOf("late-joiner"), 1, 3);
    }

    [Theory]
    [InlineData("7%", 100, 7)]
    [InlineData("14%", 50, 7)]
    [InlineData("28%", 25, 7)]
    [InlineData("12.5%", 8, 1)]
    [InlineData("10%", 5, 1)]
    [InlineData("3", 2, 2)]
    public void Percentages_count_exactly_rounding_up(string target, int total, int expected) =>
        Assert.Equal(expected, EtcdRolloutOptions.CountOf(target, total));

    [Fact]
    public void Waves_that_add_nobody_are_dropped_and_an_empty_fleet_gets_an_empty_canary()
    {
        var five = WavePlanner.Plan(2, ["1", "10%", "50%", "100%"], Ids(5));
        Assert.Equal([("1", 1), ("50%", 3), ("100%", 5)], five.Select(w => (w.Target, w.Instances)));
        Assert.Equal([1, 2, 3], five.Select(w => w.Number));

        // One instance: the canary is everybody, so the release goes out in one wave.
        Assert.Equal(["100%"], WavePlanner.Plan(2, ["1", "100%"], Ids(1)).Select(w => w.Target));

        var none = WavePlanner.Plan(2, ["1", "100%"], []);
        Assert.Equal([(0, string.Empty), (0, EtcdRollout.Everyone)], none.Select(w => (w.Instances, w.Cutoff)));
        Assert.Equal(2, Rollout(none).WaveOf("anyone"));
    }

    [Theory]
    [InlineData("abc", null, "is not a wave size")]
    [InlineData("0", null, "is empty")]
    [InlineData("150%", null, "is not a wave size")]
    [InlineData(null, "50%,10%", "cannot go down")]
    [InlineData("1", "x%", "is not a wave size")]
    public void Malformed_wave_targets_are_refused_with_the_offending_text(string? canary, string? waves, string expected)
    {
        var options = new EtcdRolloutOptions { Canary = canary };
        foreach (var w in (waves ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            options.Waves.Add(w);
        }

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_add_a_last_wave_for_everyone_and_refuse_negative_numbers()
    {
        var options = new EtcdRolloutOptions { Canary = "2" };
        options.Waves.Add("50%");
        Assert.True(options.IsStaged);
        Assert.Equal(["2", "50%", "100%"], options.Targets());
        Assert.False(new EtcdRolloutOptions().IsStaged);
        Assert.Throws<ArgumentException>(new EtcdRolloutOptions { Bake = TimeSpan.FromSeconds(-1) }.Validate);
        Assert.Throws<ArgumentException>(new EtcdRolloutOptions { MaxUnhealthy = -1 }.Validate);
    }

    [Fact]
    public void The_record_round_trips_through_its_json_with_the_documented_fields()
    {
        var failure = Instance("node-3", 1, EtcdInstanceState.Rejected, 1, new ConfigurationError("base.yaml", 4, 7, "db.host", "environment variable 'DB_HOST' is not set"));
        var rollout = Rollout(WavePlanner.Plan(2, ["1", "100%"], Ids(4)), bake: TimeSpan.FromSeconds(90), maxUnhealthy: 1) with
        {
            State = EtcdRolloutState.Aborted,
            Finished = T0.AddMinutes(1),
            Driver = "ci@build-7",
            Reason = "1 instance(s) failed",
            Failures = [failure],
            RollbackRelease = 3,
        };

        var json = rollout.ToJson();
        using (var document = JsonDocument.Parse(json))
        {
            Assert.Equal(
                ["release", "previousRelease", "state", "currentWave", "waves", "bakeSeconds", "maxUnhealthy", "started", "waveOpened", "updated", "finished", "driver", "reason", "failures", "rollbackRelease"],
                document.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(["wave", "target", "instances", "cutoff"], document.RootElement.GetProperty("waves")[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal("aborted", document.RootElement.GetProperty("state").GetString());
        }

        var parsed = RolloutJson.TryParse(System.Text.Encoding.UTF8.GetBytes(json), 42)!;
        Assert.Equal(42, parsed.Revision);
        Assert.Equal((2L, 1L, EtcdRolloutState.Aborted, 1, TimeSpan.FromSeconds(90), 1, 3L), (parsed.Release, parsed.PreviousRelease, parsed.State, parsed.CurrentWave, parsed.Bake, parsed.MaxUnhealthy, parsed.RollbackRelease));
        Assert.Equal(rollout.Waves, parsed.Waves);
        Assert.Equal((T0, T0.AddMinutes(1), "ci@build-7"), (parsed.Started, parsed.Finished, parsed.Driver));
        Assert.Equal("db.host", Assert.Single(Assert.Single(parsed.Failures).Errors).Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("{\"release\":2,\"state\":\"exploded\",\"waves\":[{\"wave\":1,\"target\":\"100%\",\"instances\":1,\"cutoff\":\"ffffffffffffffff\"}]}")]
    [InlineData("{\"release\":2,\"state\":\"progressing\",\"waves\":[]}")]
    [InlineData("[1,2]")]
    public void A_value_that_is_not_a_rollout_record_reads_as_none(string text) =>
        Assert.Null(RolloutJson.TryParse(System.Text.Encoding.UTF8.GetBytes(text), 1));

    [Fact]
    public void The_open_waves_advance_only_when_every_instance_runs_the_release_and_the_bake_time_passed_since()
    {
        var ids = Ids(6);
        var rollout = Rollout(WavePlanner.Plan(2, ["1", "50%", "100%"], ids), bake: TimeSpan.FromSeconds(30));
        var canary = ids.Single(id => rollout.WaveOf(id) == 1);
        var others = ids.Where(id => id != canary).Select(id => Instance(id, 1, EtcdInstanceState.Holding, rollout.WaveOf(id))).ToList();

        var loading = RolloutProgress.Decide(rollout, [Instance(canary, 1, wave: null), .. others], [], null, T0.AddMinutes(5));
        Assert.Equal((RolloutStep.Wait, canary, (DateTimeOffset?)null), (loading.Step, Assert.Single(loading.Pending).Id, loading.BakeStarted));

        // The bake time counts from when every instance of the open waves runs the release, not from when the wave opened.
        var applied = RolloutProgress.Decide(rollout, [Instance(canary, 2), .. others], [], null, T0.AddMinutes(5));
        Assert.Equal((RolloutStep.Wait, T0.AddMinutes(5), T0.AddMinutes(5).AddSeconds(30)), (applied.Step, applied.BakeStarted, applied.WaitUntil));
        var baking = RolloutProgress.Decide(rollout, [Instance(canary, 2), .. others], [], applied.BakeStarted, T0.AddMinutes(5).AddSeconds(29));
        Assert.Equal(RolloutStep.Wait, baking.Step);

        Assert.Equal(RolloutStep.Advance, RolloutProgress.Decide(rollout, [Instance(canary, 2), .. others], [], applied.BakeStarted, T0.AddMinutes(5).AddSeconds(30)).Step);
        Assert.Equal(RolloutStep.Wait, RolloutProgress.Decide(rollout with { State = EtcdRolloutState.Paused }, [Instance(canary, 2), .. others], [], applied.BakeStarted, T0.AddMinutes(9)).Step);

        var last = rollout with { CurrentWave = 3, Bake = TimeSpan.Zero };
        Assert.Equal(RolloutStep.Complete, RolloutProgress.Decide(last, ids.Select(id => Instance(id, 2, wave: last.WaveOf(id))), [], null, T0.AddMinutes(1)).Step);
    }

    [Fact]
    public void An_instance_lost_after_applying_the_release_is_a_failure()
    {
        var ids = Ids(3);
        var rollout = Rollout(WavePlanner.Plan(2, ["1", "100%"], ids));
        var canary = ids.Single(id => rollout.WaveOf(id) == 1);
        var others = ids.Where(id => id != canary).Select(id => Instance(id, 1, EtcdInstanceState.Holding, 2)).ToList();

        var lost = Instance(canary, 2, EtcdInstanceState.Unhealthy, 1, new ConfigurationError(string.Empty, 0, 0, string.Empty, "the instance disappeared"));
        var decision = RolloutProgress.Decide(rollout, others, [lost], null, T0);
        Assert.Equal((RolloutStep.Abort, canary), (decision.Step, Assert.Single(decision.Failures).Id));
    }

    [Fact]
    public void Failures_of_the_open_waves_beyond_the_threshold_abort_and_reports_from_before_the_rollout_do_not_count()
    {
        var ids = Ids(4);
        var rollout = Rollout(WavePlanner.Plan(2, ["50%", "100%"], ids), maxUnhealthy: 1);
        var open = ids.Where(id => rollout.WaveOf(id) == 1).ToList();
        Assert.Equal(2, open.Count);

        // A rejection written before the instance learnt of the rollout (no wave) is not a verdict on this release.
        var stale = RolloutProgress.Decide(rollout, open.Select(id => Instance(id, 1, EtcdInstanceState.Rejected, wave: null)), [], null, T0);
        Assert.Equal((RolloutStep.Wait, 0, 2), (stale.Step, stale.Failures.Count, stale.Pending.Count));

        var tolerated = RolloutProgress.Decide(rollout, [Instance(open[0], 1, EtcdInstanceState.Unhealthy), Instance(open[1], 2)], [], null, T0);
        Assert.Equal((RolloutStep.Advance, 1), (tolerated.Step, tolerated.Failures.Count));

        var error = new ConfigurationError("base.yaml", 3, 1, "db", "boom");
        var crossed = RolloutProgress.Decide(rollout, open.Select(id => Instance(id, 1, EtcdInstanceState.Rejected, 1, error)), [], null, T0);
        Assert.Equal(RolloutStep.Abort, crossed.Step);
        Assert.Contains("2 instance(s) of the open waves rejected or unhealthy, more than the 1 allowed", crossed.AbortReason(rollout), StringComparison.Ordinal);
        Assert.Contains("base.yaml:3:1", crossed.AbortReason(rollout), StringComparison.Ordinal);
    }
}
