using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;

namespace WebhookConsole.Jobs;

/// <summary>
/// Hangfire runs the timers and housekeeping — the recurring reconciler, retention, <c>PRAGMA optimize</c>, bulk replays —
/// never the attempts themselves (their number would grow with deliveries). `Hangfire:Storage` = `Sqlite` (default: a
/// file of its own beside the database, so jobs and their history survive a restart) | `Postgres` (the default with
/// `Database:Provider=Postgres`: one store for the cluster) | `InMemory` (tests).
/// </summary>
public static class JobsExtensions
{
    public const string SqliteStorage = "Sqlite";
    public const string PostgresStorage = "Postgres";
    public const string InMemoryStorage = "InMemory";

    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        // Only its timeout is read here, before the container exists; the bound and validated copy serves everything else.
        var delivery = builder.Configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>() ?? new DeliveryOptions();
        var services = builder.Services;
        var onPostgres = string.Equals(builder.Configuration["Database:Provider"], Data.DatabaseProvider.Postgres, StringComparison.OrdinalIgnoreCase);
        var storage = builder.Configuration["Hangfire:Storage"] ?? (onPostgres ? PostgresStorage : SqliteStorage);
        // Storage and activator are this host's own services rather than Hangfire's process-wide statics,
        // so several hosts in one process (tests, the benchmark) never hand jobs to each other.
        if (string.Equals(storage, InMemoryStorage, StringComparison.OrdinalIgnoreCase))
            services.AddSingleton<JobStorage>(_ => new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromHours(1) }));
        else if (string.Equals(storage, SqliteStorage, StringComparison.OrdinalIgnoreCase))
        {
            var path = SqlitePath(builder.Configuration);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            Data.PrivateFile.CreateIfMissing(path);
            services.AddSingleton<JobStorage>(_ => new SQLiteStorage(path, new SQLiteStorageOptions
            {
                // Bulk replays queued by one request start within a second, not the default 15.
                QueuePollInterval = TimeSpan.FromSeconds(1),
            }));
        }
        else if (string.Equals(storage, PostgresStorage, StringComparison.OrdinalIgnoreCase))
        {
            // Shared by every node (its own schema in the console's database): recurring jobs run once per cluster,
            // scheduled bulk replays are picked up by any node, and /hangfire shows every node's servers.
            var connectionString = builder.Configuration.GetConnectionString("Postgres")
                ?? throw new InvalidOperationException("Hangfire:Storage is Postgres but ConnectionStrings:Postgres is empty.");
            services.AddSingleton<JobStorage>(_ =>
            {
                var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
            });
        }
        else
            throw new InvalidOperationException(
                $"Hangfire:Storage is '{storage}'; use '{SqliteStorage}' (default), '{PostgresStorage}' (default with Database:Provider=Postgres) or '{InMemoryStorage}'.");

        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer(o =>
        {
            o.Queues = ["default"];
            o.WorkerCount = 4;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            // In-flight attempts finish within their own timeout and are recorded before the process exits.
            o.ShutdownTimeout = delivery.Timeout + TimeSpan.FromSeconds(5);
        });
        services.Configure<HostOptions>(o =>
        {
            var needed = delivery.Timeout + TimeSpan.FromSeconds(10);
            if (o.ShutdownTimeout < needed) o.ShutdownTimeout = needed;
        });
        return builder;
    }

    /// <summary>`Hangfire:SqlitePath`, or `&lt;database name&gt;-hangfire.db` beside the SQLite database.</summary>
    public static string SqlitePath(IConfiguration configuration)
    {
        if (configuration["Hangfire:SqlitePath"] is { Length: > 0 } configured) return Path.GetFullPath(configured);
        var database = new SqliteConnectionStringBuilder(configuration.GetConnectionString("Sqlite") ?? "Data Source=data/webhookconsole.db").DataSource;
        var full = Path.GetFullPath(string.IsNullOrEmpty(database) || database == ":memory:" ? "data/webhookconsole.db" : database);
        return Path.Combine(Path.GetDirectoryName(full)!, Path.GetFileNameWithoutExtension(full) + "-hangfire.db");
    }

    /// <summary>The jobs dashboard at /hangfire, for admins.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        HangfireDashboardScripts.EnsureRegistered();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new HangfireDashboardAuthorization()],
            DashboardTitle = "WebhookConsole jobs",
            AppPath = "/",
        }, app.Services.GetRequiredService<JobStorage>())
            .RequireAuthorization(Policies.Admin);
        return app;
    }
}
