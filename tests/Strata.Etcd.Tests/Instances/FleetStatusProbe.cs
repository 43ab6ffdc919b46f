using Strata.Etcd.Instances;

namespace Strata.Etcd.Tests.Instances;

/// <summary>Reads the fleet status again and again until it shows what a test waits for (60 s at most; never a fixed sleep before an assertion).</summary>
internal static class FleetStatusProbe
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<EtcdFleetStatus> WaitForAsync(EtcdOptions options, Func<EtcdFleetStatus, bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        EtcdFleetStatus? last = null;
        while (true)
        {
            try
            {
                last = await EtcdFleetStatus.ReadAsync(options, timeout.Token);
                if (condition(last))
                {
                    return last;
                }

                await Task.Delay(50, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                var seen = last is null ? "nothing read" : string.Join("; ", last.Instances.Select(i => i.ToJson()));
                throw new TimeoutException($"the fleet status did not show {what} within {Patience.TotalSeconds} s; last: {seen}");
            }
        }
    }

    /// <summary>Waits until the instance's record satisfies <paramref name="condition"/>; returns the record.</summary>
    public static async Task<EtcdInstanceRecord> WaitForInstanceAsync(EtcdOptions options, string id, Func<EtcdInstanceRecord, bool> condition, string what)
    {
        var status = await WaitForAsync(options, s => s.Instances.Any(i => i.Id == id && condition(i)), $"{id} {what}");
        return status.Instances.Single(i => i.Id == id);
    }

    public static Task WaitForAbsenceAsync(EtcdOptions options, string id) =>
        WaitForAsync(options, s => s.Instances.All(i => i.Id != id), $"{id} gone");
}
