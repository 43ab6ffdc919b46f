using System.Globalization;
using Strata.Etcd.Instances;

namespace Strata.Etcd.Rollouts;

/// <summary>What a driver does next with an active rollout.</summary>
internal enum RolloutStep
{
    /// <summary>Instances of the open waves are still loading, the bake time runs, or the rollout is paused.</summary>
    Wait,

    /// <summary>The open waves are done: open the next one.</summary>
    Advance,

    /// <summary>The last wave is done: the rollout completed.</summary>
    Complete,

    /// <summary>Too many instances of the open waves are rejected or unhealthy: go back to the previous release.</summary>
    Abort,
}

/// <summary>
/// The progression rule. The instances of the open waves count; one that reports <c>rejected</c> or <c>unhealthy</c>
/// for this rollout (its record carries a wave), or that disappeared after it applied the release, is a failure, and
/// more failures than the threshold abort the rollout. Otherwise the open waves are done when each of their live
/// instances runs the release (or is a tolerated failure) and the bake time has passed since the driver first saw
/// that; then the next wave opens, or after the last the rollout completes.
/// </summary>
/// <param name="Step">What to do.</param>
/// <param name="WaitUntil">When the bake time ends, while it runs.</param>
/// <param name="BakeStarted">When the driver first saw every instance of the open waves run the release; null while some do not.</param>
/// <param name="Failures">The failed instances of the open waves.</param>
/// <param name="Pending">The instances of the open waves that do not run the release yet.</param>
internal sealed record RolloutProgress(RolloutStep Step, DateTimeOffset? WaitUntil, DateTimeOffset? BakeStarted, IReadOnlyList<EtcdInstanceRecord> Failures, IReadOnlyList<EtcdInstanceRecord> Pending)
{
    /// <summary>Decides the next step.</summary>
    /// <param name="rollout">The rollout record.</param>
    /// <param name="instances">The live instance records.</param>
    /// <param name="lost">Instances of the open waves that applied the release and then disappeared.</param>
    /// <param name="bakeStarted">What the previous decision returned as <see cref="BakeStarted"/> for this wave, if anything.</param>
    /// <param name="now">The driver's clock.</param>
    public static RolloutProgress Decide(EtcdRollout rollout, IEnumerable<EtcdInstanceRecord> instances, IReadOnlyCollection<EtcdInstanceRecord> lost, DateTimeOffset? bakeStarted, DateTimeOffset now)
    {
        var open = WavePlanner.InOpenWaves(rollout, instances).ToList();
        var failures = open.Where(i => i.Wave is not null && i.State is EtcdInstanceState.Rejected or EtcdInstanceState.Unhealthy).ToList();
        failures.AddRange(lost.Where(l => open.All(i => i.Id != l.Id)));
        if (failures.Count > rollout.MaxUnhealthy)
        {
            return new RolloutProgress(RolloutStep.Abort, null, null, failures, []);
        }

        var pending = open.Where(i => !failures.Contains(i) && !(i.State == EtcdInstanceState.Applied && i.Release == rollout.Release)).ToList();
        if (rollout.State != EtcdRolloutState.Progressing || pending.Count > 0)
        {
            return new RolloutProgress(RolloutStep.Wait, null, null, failures, pending);
        }

        var started = bakeStarted ?? now;
        var baked = started + rollout.Bake;
        if (now < baked)
        {
            return new RolloutProgress(RolloutStep.Wait, baked, started, failures, []);
        }

        return new RolloutProgress(rollout.IsFinalWaveOpen ? RolloutStep.Complete : RolloutStep.Advance, null, started, failures, []);
    }

    /// <summary>Why an abort happened, in one line: how many failed against the threshold, and the first failures with their first error.</summary>
    public string AbortReason(EtcdRollout rollout)
    {
        var named = string.Join("; ", Failures.Take(3).Select(f =>
            $"{f.Id} {EtcdInstanceRecord.StateName(f.State)}" + (f.Errors.Count > 0 ? ": " + f.Errors[0] : string.Empty)));
        return string.Create(CultureInfo.InvariantCulture,
            $"{Failures.Count} instance(s) of the open waves rejected or unhealthy, more than the {rollout.MaxUnhealthy} allowed: {named}");
    }
}
