using Strata.Etcd.Instances;

namespace Strata.Etcd.Rollouts;

/// <summary>
/// Turns wave targets into waves for a release: the instances live now are ranked by their rendezvous score
/// (<see cref="EtcdRollout.ScoreOf"/>), each wave's cutoff is the score of its last member, and a wave that would
/// add nobody is dropped (except the last, which takes everybody, including instances that start later).
/// </summary>
internal static class WavePlanner
{
    public static List<EtcdRolloutWave> Plan(long release, IReadOnlyList<string> targets, IEnumerable<string> instanceIds)
    {
        var scores = instanceIds.Distinct(StringComparer.Ordinal).Select(id => EtcdRollout.ScoreOf(release, id)).Order(StringComparer.Ordinal).ToList();
        var waves = new List<EtcdRolloutWave>();
        var covered = 0;
        for (var i = 0; i < targets.Count; i++)
        {
            var last = i == targets.Count - 1;
            var count = last ? scores.Count : Math.Max(EtcdRolloutOptions.CountOf(targets[i], scores.Count), covered);
            if (!last && (count == covered && waves.Count > 0 || count >= scores.Count && scores.Count > 0))
            {
                // Nobody new in this wave, or it already takes everybody: the last wave does that.
                continue;
            }

            var cutoff = last ? EtcdRollout.Everyone : count == 0 ? string.Empty : scores[count - 1];
            waves.Add(new EtcdRolloutWave(waves.Count + 1, targets[i], count, cutoff));
            covered = count;
        }

        return waves;
    }

    /// <summary>The live instances of the open waves of a rollout.</summary>
    public static IEnumerable<EtcdInstanceRecord> InOpenWaves(EtcdRollout rollout, IEnumerable<EtcdInstanceRecord> instances) =>
        instances.Where(i => rollout.WaveOf(i.Id) <= rollout.CurrentWave);
}
