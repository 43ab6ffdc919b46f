using Microsoft.Extensions.Hosting;
using Strata.Extensions.Configuration.Services;

namespace Strata.Extensions.Configuration.Hosting;

/// <summary>
/// The hot reloader as a hosted service: watching starts when the host starts (after the first load, which
/// happens then at the latest) and stops when the host stops. The last snapshot stays readable after stopping.
/// </summary>
internal sealed class StrataHostedService(StrataServices services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.Runtime.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => services.Runtime.StopAsync();
}
