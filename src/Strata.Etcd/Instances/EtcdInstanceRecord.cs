using Strata.Model;

namespace Strata.Etcd.Instances;

/// <summary>
/// What one running instance reports at <c>{prefix}/instances/{id}</c>, bound to an etcd lease it keeps alive: which
/// release and local version it serves, and whether the newest release applied there. The stored value is the JSON
/// of <see cref="ToJson"/>: <c>{"id","host","pid","environment","agent","release","version","contentHash","state",
/// "errors","wave","updated"}</c>.
/// </summary>
/// <param name="Id">The instance id (<see cref="EtcdOptions.InstanceId"/>, by default <c>{host}-{pid}</c>).</param>
/// <param name="Host">The machine name.</param>
/// <param name="Pid">The process id.</param>
/// <param name="Environment">The environment the instance loads.</param>
/// <param name="Agent">The agent it loads, or null.</param>
/// <param name="Release">The release whose content it serves; null when the prefix has no release record.</param>
/// <param name="Version">The instance's own snapshot version (one more per applied reload or rollback).</param>
/// <param name="ContentHash">The content hash of the snapshot it serves.</param>
/// <param name="State">Applied, rejected, unhealthy or holding.</param>
/// <param name="Errors">Why the newest release was rejected or found unhealthy, each at <c>file:line:column</c>; empty when applied.</param>
/// <param name="Wave">The rollout wave the instance belongs to; null outside a staged rollout.</param>
/// <param name="Updated">When the instance last wrote its record.</param>
public sealed record EtcdInstanceRecord(
    string Id,
    string Host,
    int Pid,
    string Environment,
    string? Agent,
    long? Release,
    long Version,
    string ContentHash,
    EtcdInstanceState State,
    IReadOnlyList<ConfigurationError> Errors,
    int? Wave,
    DateTimeOffset Updated)
{
    /// <summary>The lower-case name of a state, as the record spells it: <c>applied</c>, <c>rejected</c>, <c>unhealthy</c>, <c>holding</c>.</summary>
    /// <param name="state">The state.</param>
    public static string StateName(EtcdInstanceState state) => state switch
    {
        EtcdInstanceState.Applied => "applied",
        EtcdInstanceState.Rejected => "rejected",
        EtcdInstanceState.Unhealthy => "unhealthy",
        _ => "holding",
    };

    /// <summary>The record as stored in etcd: one JSON object, errors as <c>{"file","line","column","path","message"}</c>.</summary>
    public string ToJson() => InstanceJson.Write(this);
}
