namespace Strata.Model;

/// <summary>
/// The layers of a configuration stack, lowest precedence first. A value from a later layer
/// overrides the same key from an earlier one.
/// </summary>
public enum LayerKind
{
    /// <summary>The global layer, <c>base.yaml</c>.</summary>
    Global = 0,

    /// <summary>The environment layer, <c>environments/&lt;env&gt;.yaml</c>.</summary>
    Environment = 1,

    /// <summary>The agent layer, <c>agents/&lt;agent&gt;.yaml</c>.</summary>
    Agent = 2,

    /// <summary>Process environment variables such as <c>STRATA__REDIS__PORT</c>.</summary>
    EnvironmentVariables = 3,

    /// <summary>Command-line overrides such as <c>--set redis.port=6380</c>.</summary>
    CommandLine = 4,

    /// <summary>Values set at runtime through <c>HierarchicalConfig.Set</c>.</summary>
    Runtime = 5,
}
