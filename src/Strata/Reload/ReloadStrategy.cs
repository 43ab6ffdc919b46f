namespace Strata.Reload;

/// <summary>When the hot reloader runs the pipeline after files change.</summary>
public enum ReloadStrategy
{
    /// <summary>
    /// As soon as a save is whole: on Linux when its writer closes the file or renames it into place, otherwise once the
    /// burst of events from the save has settled (<see cref="ReloadOptions.SettleDelay"/>).
    /// </summary>
    Immediate,

    /// <summary><see cref="ReloadOptions.BatchDelay"/> after the last change, or at once when <see cref="ReloadOptions.MaxBatchSize"/> distinct files changed.</summary>
    Batched,

    /// <summary>Every <see cref="ReloadOptions.ScheduleInterval"/>, only if something changed.</summary>
    Scheduled,

    /// <summary>Only on <see cref="ConfigurationHotReloader.ReloadNowAsync"/>; changes wait in <see cref="ConfigurationHotReloader.GetPendingChanges"/>.</summary>
    Manual,
}
