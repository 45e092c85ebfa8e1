using AccessControl.Web.Features;
using AccessControl.Web.Features.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddAccessControl();
if (Commands.IsCommand(args))
    builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
var app = builder.Build();

if (await Commands.TryRunAsync(app, args)) return;

await app.InitializeAsync();
app.UseAccessControl();
app.Run();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
