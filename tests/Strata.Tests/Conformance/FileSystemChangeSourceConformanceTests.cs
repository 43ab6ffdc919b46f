using Strata.Reload.Watching;

namespace Strata.Tests.Conformance;

/// <summary>File-system events (inotify on Linux) keep the <see cref="IConfigChangeSource"/> contract.</summary>
public sealed class FileSystemChangeSourceConformanceTests : DirectoryChangeSourceConformanceTests
{
    protected override Task<IConfigChangeSource> CreateSourceAsync() =>
        Task.FromResult<IConfigChangeSource>(new FileSystemChangeSource(Root, Options));
}
