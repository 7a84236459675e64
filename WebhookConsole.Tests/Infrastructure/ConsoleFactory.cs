using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Data;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file of its own (deleted afterwards), with a bootstrap admin and API key.
/// Call <see cref="StartKestrel"/> for browser tests that need a real socket.
/// </summary>
public class ConsoleFactory : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@test.local";
    public const string AdminPassword = "Admin-Password-123";
    public const string AdminApiKey = "whc_test_admin_key_0123456789abcdef";

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"wc-test-{Guid.NewGuid():N}.db");
    private readonly Dictionary<string, string?> settings = new();

    /// <summary>`Testing` by default; `Development` runs it as `dotnet run` does, with that environment's defaults.</summary>
    public string EnvironmentName { get; init; } = "Testing";

    /// <summary>When set, deliveries are recorded here instead of being sent (tests of what is queued, not of sending).</summary>
    public Ingest.RecordingDeliveryQueue? RecordedQueue { get; private set; }

    public ConsoleFactory WithRecordedQueue()
    {
        RecordedQueue = new Ingest.RecordingDeliveryQueue();
        return this;
    }

    /// <summary>The PostgreSQL database of this app when it runs on PostgreSQL (<see cref="OnPostgresAsync"/>).</summary>
    public string? PostgresConnectionString { get; private set; }

    /// <summary>Runs the app on a fresh database of the test cluster instead of a SQLite file.</summary>
    public async Task<ConsoleFactory> OnPostgresAsync()
    {
        PostgresConnectionString = await TestPostgres.CreateDatabaseAsync();
        // No file beside a PostgreSQL database: the key ring's key file is named, as every cluster node must name it.
        return With("Database:Provider", "Postgres").With("ConnectionStrings:Postgres", PostgresConnectionString)
            .With("DataProtection:KeyFile", DatabasePath + ".key");
    }

    public ConsoleFactory With(string key, string? value)
    {
        settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        // Outside Development the host does not read the static-web-assets manifest (MudBlazor's CSS/JS); load it.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={DatabasePath}");
        builder.UseSetting("Bootstrap:AdminEmail", AdminEmail);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("Bootstrap:ApiKey", AdminApiKey);
        // Jobs in memory: many hosts share this process. Durable job storage is tested on real processes (AppProcess).
        builder.UseSetting("Hangfire:Storage", "InMemory");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (RecordedQueue is not null) builder.UseSetting("Delivery:Enabled", "false"); // nothing is claimed or sent behind it
        if (RecordedQueue is { } queue)
            builder.ConfigureServices(services => services.AddSingleton<WebhookConsole.Dispatch.IDeliveryQueue>(queue));
    }

    public string StartKestrel()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return addresses.First().Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1").TrimEnd('/');
    }

    public HttpClient ApiClient(string? apiKey = AdminApiKey)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);
        return client;
    }

    public async Task<string> CreateApiKeyAsync(string role)
    {
        var keys = Services.GetRequiredService<WebhookConsole.Identity.ApiKeyService>();
        return (await keys.CreateAsync($"test {role} {Guid.NewGuid():N}", role, "test")).Value;
    }

    public AppDbContext NewDb() =>
        Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AppDbContext>>().CreateDbContext();

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        catch (OperationCanceledException)
        {
            // A browser left a Blazor circuit open: Kestrel spent the shutdown timeout draining it and Hangfire's
            // stop saw the token cancelled. Teardown only; the app has stopped.
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm", ".key" })
            try { File.Delete(DatabasePath + suffix); } catch (IOException) { }
        if (PostgresConnectionString is not null) await TestPostgres.DropDatabaseAsync(PostgresConnectionString);
        GC.SuppressFinalize(this);
    }
}
