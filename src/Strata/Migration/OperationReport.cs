namespace Strata.Migration;

/// <summary>What happened to one transformation of one migration step.</summary>
/// <param name="FromVersion">The step's source version.</param>
/// <param name="ToVersion">The step's target version.</param>
/// <param name="Index">The transformation's position in its script (0-based).</param>
/// <param name="Transformation">The transformation.</param>
/// <param name="Status">Applied, skipped or failed.</param>
/// <param name="Reason">Why it was skipped or failed; null when applied.</param>
internal sealed record OperationReport(string FromVersion, string ToVersion, int Index, MigrationTransformation Transformation, OperationStatus Status, string? Reason)
{
    /// <summary>The transformation's script location, or its index when it has none.</summary>
    public string Location => Transformation.Origin?.ToString() ?? $"transformations[{Index}]";

    /// <summary>One line: <c>applied  move width -&gt; environment.width</c> or <c>skipped  ... (reason)</c>.</summary>
    public override string ToString()
    {
        var status = Status.ToString().ToLowerInvariant();
        var text = $"{status,-8} {Transformation.Summary}";
        if (Transformation.Description.Length > 0)
        {
            text += $": {Transformation.Description}";
        }

        return Reason is null ? text : $"{text} ({Reason})";
    }
}
