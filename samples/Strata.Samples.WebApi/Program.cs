using Strata.Samples.WebApi;

// A minimal ASP.NET Core app on hot-reloaded Strata configuration.
//   dotnet run --project samples/Strata.Samples.WebApi                      # serves samples/config
//   dotnet run --project samples/Strata.Samples.WebApi -- --config-dir /etc/farm --Strata:Environment production
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
app.Run();

/// <summary>The entry point, visible to the in-process tests (WebApplicationFactory).</summary>
public partial class Program;
