using WebhookConsole;
using WebhookConsole.Api;
using WebhookConsole.Backfill;
using WebhookConsole.Components;
using WebhookConsole.Dispatch;
using WebhookConsole.EventLogs;
using WebhookConsole.Home;
using WebhookConsole.Hosting;
using WebhookConsole.Identity;
using WebhookConsole.Ingest;
using WebhookConsole.Inspector;
using WebhookConsole.Integrations;
using WebhookConsole.Jobs;
using WebhookConsole.MappingVariables;
using WebhookConsole.Notifications;
using WebhookConsole.Observability;
using WebhookConsole.Privacy;
using WebhookConsole.PushRules;
using WebhookConsole.Signatures;
using WebhookConsole.Sources;

var builder = WebApplication.CreateBuilder(args);

builder.AddSharedConfiguration();
builder.AddStructuredLogging();
builder.AddProxyHeaders();
builder.AddKestrelTuning();
builder.AddData();
builder.AddIdentityFeature();
builder.AddApi();
builder.AddSources();
builder.AddIntegrations();
builder.AddDispatch();
builder.AddJobs();
builder.AddObservability();
builder.AddNotifications();
builder.AddPushRules();
builder.AddMappingVariables();
builder.AddIngest();
builder.AddEventLogs();
builder.AddHome();
builder.AddBackfill();
builder.AddPrivacy();
builder.AddInspector();
builder.AddSignatures();
builder.AddConsoleUi();

var app = builder.Build();

await app.InitializeDatabaseAsync();

app.UseForwardedHeaders();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment()) app.UseHsts();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRequestBodyLimits();
app.UseRateLimiter();
app.UseConsoleAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapObservability();
app.MapAccountEndpoints();
app.MapApi();
app.MapInspector();
app.MapJobsDashboard();
app.MapConsoleUi();

app.Run();

public partial class Program;
