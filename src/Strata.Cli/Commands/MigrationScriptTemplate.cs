using System.Text;

namespace Strata.Cli.Commands;

/// <summary>The script <c>strata migrations new FROM TO</c> writes: its file name, its text, and the writing itself.</summary>
internal static class MigrationScriptTemplate
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>The file name of a new script: <c>v1.0_to_v1.1.yaml</c>.</summary>
    /// <param name="fromVersion">The source version.</param>
    /// <param name="toVersion">The target version.</param>
    public static string FileName(string fromVersion, string toVersion) => $"v{fromVersion}_to_v{toVersion}.yaml";

    /// <summary>The text of a new migration script, with every operation and condition form shown in comments.</summary>
    /// <param name="fromVersion">The source version.</param>
    /// <param name="toVersion">The target version.</param>
    public static string Create(string fromVersion, string toVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(fromVersion);
        ArgumentException.ThrowIfNullOrEmpty(toVersion);
        return $$"""
            # Migration {{fromVersion}} -> {{toVersion}}.
            # Fill in the transformations, then preview the result:
            #   strata migrate <config dir> --to {{toVersion}} --dry-run
            # After its transformations, the step sets config_version to "{{toVersion}}" by itself.
            from_version: "{{fromVersion}}"
            to_version: "{{toVersion}}"
            description: "Describe what changes from {{fromVersion}} to {{toVersion}}"
            author: ""
            date: ""

            # How to recognise a {{fromVersion}} file that has no config_version key (optional; at least one key in present):
            # detect:
            #   present: [old_section.key]
            #   absent: [new_section]

            transformations:
              # Every operation, with the fields it takes (uncomment, edit, repeat):
              #
              # - operation: rename          # same map: keeps the key's position
              #   source_path: old_key
              #   target_path: new_key
              #   description: "Rename old_key to new_key"
              #
              # - operation: move            # anywhere; maps left empty are removed
              #   source_path: width
              #   target_path: environment.width
              #
              # - operation: copy
              #   source_path: database.path
              #   target_path: backup.database_path
              #
              # - operation: add             # only when absent; global layer only unless layers says otherwise
              #   target_path: redis
              #   value: {host: localhost, port: 6379}
              #
              # - operation: delete
              #   source_path: obsolete_setting
              #
              # - operation: modify          # changes an existing value
              #   source_path: database.pragma_profile
              #   value: balanced
              #   condition:
              #     database.pragma_profile: fast
              #
              # - operation: merge           # map into map; the source's values win
              #   source_path: display
              #   target_path: visualization
              #
              # - operation: split           # a map into keys under target_path...
              #   source_path: agent_type_ratios
              #   target_path: population.agent_ratios
              #
              # - operation: split           # ...or a list / a string into several keys
              #   source_path: world_size    # e.g. "80x60"
              #   separator: "x"
              #   targets: [environment.width, environment.height]
              #
              # Optional on every transformation:
              #   condition:                 # all must hold
              #     some.key: expected value
              #     $exists: [a.key]         # present, whatever its value
              #     $absent: [other.key]     # not present
              #   required: true             # a missing source_path fails instead of skipping
              #   overwrite: true            # rename/move/copy/split may replace an existing target
              #   layers: [global, environment, agent]

            """;
    }

    /// <summary>
    /// Writes a new script from <see cref="Create"/> into a directory (created when missing), flushed to disk;
    /// returns its path. Never overwrites: an existing file fails with <see cref="IOException"/>.
    /// </summary>
    /// <param name="directory">The scripts directory.</param>
    /// <param name="fromVersion">The source version.</param>
    /// <param name="toVersion">The target version.</param>
    public static string Write(string directory, string fromVersion, string toVersion)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var path = Path.Combine(directory, FileName(fromVersion, toVersion));
        var content = Utf8.GetBytes(Create(fromVersion, toVersion));
        Directory.CreateDirectory(directory);
        using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        stream.Write(content);
        stream.Flush(flushToDisk: true);
        return path;
    }
}
