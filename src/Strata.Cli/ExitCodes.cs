namespace Strata.Cli;

/// <summary>The exit codes of the <c>strata</c> command (a contract other tools depend on).</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The configuration is invalid; the errors are on stderr.</summary>
    public const int Invalid = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The requested key (or release, or rollout) does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>The rollout that <c>publish --wait</c> or <c>rollout resume</c> drove was aborted.</summary>
    public const int RolloutAborted = 4;
}
