using WebhookConsole;
using WebhookConsole.Api;
using WebhookConsole.Components;
using WebhookConsole.Identity;
using WebhookConsole.Sources;

var builder = WebApplication.CreateBuilder(args);

builder.AddSharedConfiguration();
builder.AddStructuredLogging();
builder.AddData();
builder.AddIdentityFeature();
builder.AddApi();
builder.AddSources();
builder.AddConsoleUi();

var app = builder.Build();

await app.InitializeDatabaseAsync();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealth();
app.MapAccountEndpoints();
app.MapApi();
app.MapConsoleUi();

app.Run();

public partial class Program;
