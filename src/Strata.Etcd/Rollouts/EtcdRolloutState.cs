namespace Strata.Etcd.Rollouts;

/// <summary>Where a staged rollout stands, as <c>{prefix}/rollout</c> spells it.</summary>
public enum EtcdRolloutState
{
    /// <summary>A driver advances it wave by wave (<c>progressing</c>).</summary>
    Progressing,

    /// <summary>Open waves keep the new release; no wave opens until it is resumed (<c>paused</c>).</summary>
    Paused,

    /// <summary>Every wave opened and passed; the release is current for everyone (<c>completed</c>).</summary>
    Completed,

    /// <summary>Stopped: the previous content was published again as a new release (<c>aborted</c>).</summary>
    Aborted,
}
