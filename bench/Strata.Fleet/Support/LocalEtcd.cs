using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Strata.Fleet.Support;

/// <summary>A single etcd member on free loopback ports with a temporary data directory, for the benchmark.</summary>
internal sealed class LocalEtcd : IDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _data;

    private LocalEtcd(Process process, DirectoryInfo data, string endpoint)
    {
        _process = process;
        _data = data;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public static LocalEtcd Start()
    {
        var binary = File.Exists("/usr/bin/etcd") ? "/usr/bin/etcd" : "etcd";
        var data = Directory.CreateTempSubdirectory("strata-fleet-etcd-");
        var client = $"http://127.0.0.1:{FreePort()}";
        var peer = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--name", "bench", "--data-dir", data.FullName,
            "--listen-client-urls", client, "--advertise-client-urls", client,
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
            "--initial-cluster", "bench=" + peer,
        })
        {
            info.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = info };
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data?.Contains("client requests on", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            process.Kill();
            throw new InvalidOperationException("etcd did not start");
        }

        return new LocalEtcd(process, data, client);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
        _data.Delete(recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
