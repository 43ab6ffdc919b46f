namespace Strata.Validation;

/// <summary>Settings of <see cref="JsonSchemaExporter"/>.</summary>
internal sealed record JsonSchemaExportOptions
{
    /// <summary>The defaults: a schema for <c>base.yaml</c> and effective configurations.</summary>
    public static JsonSchemaExportOptions Default { get; } = new();

    /// <summary>
    /// True for a schema for environment and agent files, which override only some keys: nothing is required and
    /// dependencies are left out, while types, ranges and patterns still apply.
    /// </summary>
    public bool Overlay { get; init; }

    /// <summary>True to reject keys the schema does not declare (<c>additionalProperties: false</c>) even when the rule schema only warns about them.</summary>
    public bool Strict { get; init; }

    /// <summary>The schema's title.</summary>
    public string Title { get; init; } = "Strata configuration";
}
