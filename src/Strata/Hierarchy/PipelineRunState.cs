namespace Strata.Hierarchy;

/// <summary>What one pipeline run has done so far, kept outside its stages so an unexpected exception can still be reported.</summary>
internal sealed class PipelineRunState
{
    /// <summary>The files the run's layers came from, relative to the config directory.</summary>
    public List<string> FilesRead { get; } = [];

    /// <summary>The files whose content differs from the previous run's.</summary>
    public List<string> Changed { get; } = [];

    /// <summary>Exceptions caught and reported as errors.</summary>
    public List<Exception> Exceptions { get; } = [];

    /// <summary>How many files the run parsed.</summary>
    public int ParsedNow { get; set; }

    /// <summary>The file being read, relative to the config directory; null between files.</summary>
    public string? Reading { get; set; }
}
