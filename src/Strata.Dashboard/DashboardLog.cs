using Microsoft.Extensions.Logging;

namespace Strata.Dashboard;

/// <summary>The dashboard's log messages (category <c>Strata.Dashboard</c>).</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Strata dashboard: {Path}/?token={Token} (a token made at start; set StrataDashboardOptions.Token to choose one)")]
    public static partial void GeneratedToken(ILogger logger, string path, string token);
}
