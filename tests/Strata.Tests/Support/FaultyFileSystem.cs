using Strata.Sources;

namespace Strata.Tests;

/// <summary>
/// Wraps a file system and throws a chosen exception: when one file is read, or from every call once a number of
/// calls have gone through. <see cref="Heal"/> makes it behave again.
/// </summary>
internal sealed class FaultyFileSystem(IConfigFileSystem inner, string root) : IConfigFileSystem
{
    private readonly Lock _gate = new();
    private string? _readFault;
    private Exception? _exception;
    private int _callsBeforeFault = -1;

    /// <summary>Throws <paramref name="exception"/> whenever <paramref name="relative"/> is read.</summary>
    public void FailReads(string relative, Exception exception)
    {
        lock (_gate)
        {
            _readFault = root + "/" + relative;
            _exception = exception;
            _callsBeforeFault = -1;
        }
    }

    /// <summary>Lets <paramref name="calls"/> calls through, then throws <paramref name="exception"/> from every call.</summary>
    public void FailEverythingAfter(int calls, Exception exception)
    {
        lock (_gate)
        {
            _readFault = null;
            _exception = exception;
            _callsBeforeFault = calls;
        }
    }

    public void Heal()
    {
        lock (_gate)
        {
            _readFault = null;
            _exception = null;
            _callsBeforeFault = -1;
        }
    }

    public bool FileExists(string path)
    {
        Check();
        return inner.FileExists(path);
    }

    public bool DirectoryExists(string path)
    {
        Check();
        return inner.DirectoryExists(path);
    }

    public byte[] ReadAllBytes(string path, long maxBytes)
    {
        Check();
        lock (_gate)
        {
            if (_exception is not null && string.Equals(path, _readFault, StringComparison.Ordinal))
            {
                throw _exception;
            }
        }

        return inner.ReadAllBytes(path, maxBytes);
    }

    public IEnumerable<string> EnumerateFiles(string directory)
    {
        Check();
        return inner.EnumerateFiles(directory);
    }

    public IDisposable? BeginRead() => inner.BeginRead();

    public string GetSourceName(string fullPath, string relativePath) => inner.GetSourceName(fullPath, relativePath);

    private void Check()
    {
        lock (_gate)
        {
            if (_exception is null || _callsBeforeFault < 0)
            {
                return;
            }

            if (_callsBeforeFault == 0)
            {
                throw _exception;
            }

            _callsBeforeFault--;
        }
    }
}
