namespace Strata.Etcd.Rollouts;

/// <summary>
/// One wave of a staged rollout. Every instance has a score for the release (see <see cref="EtcdRollout.ScoreOf"/>);
/// an instance belongs to the first wave whose <see cref="Cutoff"/> its score does not exceed, so each instance
/// decides by itself, and the same id lands in the same wave however often it restarts.
/// </summary>
/// <param name="Number">The wave number, from 1.</param>
/// <param name="Target">What was asked for, cumulative: <c>1</c> (instances) or <c>10%</c> (of the live instances when the rollout started).</param>
/// <param name="Instances">How many of the instances live at the start fell within the wave, counting earlier waves.</param>
/// <param name="Cutoff">The highest score in the wave, as 16 lower-case hex digits; <c>ffffffffffffffff</c> for the last wave.</param>
public sealed record EtcdRolloutWave(int Number, string Target, int Instances, string Cutoff);
