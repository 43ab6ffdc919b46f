using System.Diagnostics;
using System.Text;

namespace Strata.Etcd.Tests.Infrastructure;

/// <summary>One etcd process on loopback ports with its own data directory; can be killed and started again.</summary>
internal sealed class EtcdMember : IDisposable
{
    /// <summary>Debian's etcd-server package puts it in /usr/bin; otherwise the first one on the PATH.</summary>
    public static string Binary { get; } = File.Exists("/usr/bin/etcd")
        ? "/usr/bin/etcd"
        : (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "etcd"))
            .FirstOrDefault(File.Exists) ?? "/usr/bin/etcd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly object _gate = new();
    private readonly StringBuilder _log = new();
    private Process? _process;
    private TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public EtcdMember(string name, string dataDir, string? tlsCert = null, string? tlsKey = null)
    {
        Name = name;
        DataDir = dataDir;
        ClientPort = FreePort.Next();
        PeerPort = FreePort.Next();
        TlsCert = tlsCert;
        TlsKey = tlsKey;
    }

    public string Name { get; }

    public string DataDir { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    public string? TlsCert { get; }

    public string? TlsKey { get; }

    public string ClientUrl => $"{(TlsCert is null ? "http" : "https")}://127.0.0.1:{ClientPort}";

    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";

    public bool IsRunning => _process is { HasExited: false };

    public string Log
    {
        get
        {
            lock (_gate)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts the process (the cluster string lists every member's peer URL).</summary>
    public void Start(string initialCluster, string clusterToken)
    {
        _ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            "--name", Name,
            "--data-dir", DataDir,
            "--listen-client-urls", ClientUrl,
            "--advertise-client-urls", ClientUrl,
            "--listen-peer-urls", PeerUrl,
            "--initial-advertise-peer-urls", PeerUrl,
            "--initial-cluster", initialCluster,
            "--initial-cluster-token", clusterToken,
            "--initial-cluster-state", "new",
            "--heartbeat-interval", "100",
            "--election-timeout", "1000",
        })
        {
            info.ArgumentList.Add(arg);
        }

        if (TlsCert is not null)
        {
            info.ArgumentList.Add("--cert-file");
            info.ArgumentList.Add(TlsCert);
            info.ArgumentList.Add("--key-file");
            info.ArgumentList.Add(TlsKey!);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"etcd {Name} exited: {Tail()}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>Waits until the member serves client requests.</summary>
    public async Task WaitReadyAsync()
    {
        try
        {
            await _ready.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"etcd {Name} did not start within {StartTimeout.TotalSeconds} s: {Tail()}");
        }
    }

    /// <summary>Kills the process (as a crash would) and waits for it to be gone.</summary>
    public void Kill()
    {
        var process = _process;
        if (process is null)
        {
            return;
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        process.Dispose();
        _process = null;
    }

    public void Dispose() => Kill();

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_log.Length < 200_000)
            {
                _log.AppendLine(line);
            }
        }

        // Printed once the client listener is up: "serving insecure client requests on ..." / "serving client requests on ...".
        if (line.Contains("client requests on", StringComparison.Ordinal))
        {
            _ready.TrySetResult();
        }
    }

    private string Tail()
    {
        var log = Log;
        return log.Length > 2000 ? log[^2000..] : log;
    }
}
