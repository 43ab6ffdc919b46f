using Strata.Migration;
using Strata.Model;
using Strata.Validation;

namespace Strata.Hierarchy;

/// <summary>
/// Finds the migrate and validate stages for a run: the ones given in options, plus the config
/// directory's own <c>schema.yaml</c> and <c>migrations/</c> when present.
/// </summary>
internal sealed record PipelineExtensions(IConfigLayerMigrator? Migrator, IReadOnlyList<IConfigSnapshotValidator> Validators)
{
    public static PipelineExtensions Resolve(EnvironmentConfigManager manager, List<ConfigurationError> errors)
    {
        var options = manager.Options;
        var validators = new List<IConfigSnapshotValidator>();
        if (options.Validator is not null)
        {
            validators.Add(options.Validator);
        }

        if (options.UseDirectorySchemaAndMigrations && DirectorySchema.ForPipeline(manager, errors) is { } schema)
        {
            validators.Add(schema);
        }

        var migrator = options.Migrator;
        if (migrator is null && options.UseDirectorySchemaAndMigrations)
        {
            migrator = DirectoryMigrations.Resolve(manager.ConfigDirectory, options.FileSystem, options.Limits, errors);
        }

        return new PipelineExtensions(migrator, validators);
    }
}
