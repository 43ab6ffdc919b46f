namespace Strata.Etcd.Storage;

/// <summary>A published release: one transaction that replaced the configuration under a prefix.</summary>
/// <param name="Number">The release number: 1 for the first publish, then one more per publish (rollbacks included).</param>
/// <param name="ContentHash">SHA-256 over every file's path and content hash, so equal trees have equal hashes.</param>
/// <param name="Author">Who published it.</param>
/// <param name="Time">When it was published (the publisher's clock).</param>
/// <param name="Message">Why, in the publisher's words; may be empty.</param>
/// <param name="Files">Every file of the release and the SHA-256 of its content, by path relative to the config directory.</param>
/// <param name="RolledBackFrom">For a rollback, the earlier release whose content it republished.</param>
/// <param name="Revision">The etcd revision of the publishing transaction; 0 when not yet known.</param>
public sealed record EtcdRelease(
    long Number,
    string ContentHash,
    string Author,
    DateTimeOffset Time,
    string Message,
    IReadOnlyDictionary<string, string> Files,
    long? RolledBackFrom,
    long Revision);
