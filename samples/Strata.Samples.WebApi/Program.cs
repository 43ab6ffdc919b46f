using Strata.Samples.WebApi;

// A minimal ASP.NET Core app on hot-reloaded Strata configuration.
//   dotnet run --project samples/Strata.Samples.WebApi                      # serves samples/config
//   dotnet run --project samples/Strata.Samples.WebApi -- --config-dir /etc/farm --Strata:Environment production
//   then open the dashboard: http://127.0.0.1:5080/strata/?token=… (the URL is in the log)
var builder = WebApplication.CreateBuilder(args);
var strata = builder.Configuration.GetSection("Strata");
var configDirectory = builder.Configuration["config-dir"] ?? strata["ConfigDirectory"] ?? "../config";

// The one line: Strata's values in builder.Configuration, and its services sharing the same reloader.
builder.AddStrata(configDirectory, o =>
{
    o.Environment = strata["Environment"];
    o.Agent = strata["Agent"];
});
builder.Services.AddStrataOptions<RedisOptions>("redis");

var app = builder.Build();
app.MapSampleEndpoints();

// The dashboard at /strata/: loopback requests only, as no authorization requirement is attached. Its token comes
// from Strata:DashboardToken; without one, in Development a token is made at start and logged with the URL
// (elsewhere mapping refuses to go without one).
app.MapStrataDashboard("/strata", o => o.Token = strata["DashboardToken"]);
app.Run();

/// <summary>The entry point, visible to the in-process tests (WebApplicationFactory).</summary>
public partial class Program;
