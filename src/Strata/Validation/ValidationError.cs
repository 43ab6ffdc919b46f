using Strata.Model;

namespace Strata.Validation;

/// <summary>
/// One problem found by validation: the key path, what is wrong, how serious it is, and the origin of the
/// offending value (file, line, column and layer), so the message points at the line to fix.
/// </summary>
/// <param name="Path">The concrete key path, e.g. <c>curriculum_phases[2].steps</c>; empty for the whole configuration.</param>
/// <param name="Message">What is wrong, in words a person understands.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Origin">Where the offending value (or, for a missing key, its parent) was defined; null when unknown.</param>
public sealed record ValidationError(string Path, string Message, ErrorSeverity Severity, Origin? Origin)
{
    /// <summary>Which rule found the problem: <c>type</c>, <c>required</c>, <c>min</c>, <c>pattern</c>, <c>rule:NAME</c>, ...; null when not recorded.</summary>
    public string? Rule { get; init; }

    /// <summary>The layer of <see cref="Origin"/>, when known.</summary>
    public LayerKind? Layer => Origin?.Layer;

    /// <summary>Converts to the core error type the pipeline and the CLI report.</summary>
    public ConfigurationError ToConfigurationError() => ConfigurationError.At(Origin, Path, Message, Severity);

    /// <summary>One line: <c>file:line:column: path: what is wrong</c>.</summary>
    public override string ToString() => ToConfigurationError().ToString();
}
