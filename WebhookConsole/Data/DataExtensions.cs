using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Data.KeyRing;

namespace WebhookConsole.Data;

public static class DataExtensions
{
    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        var provider = builder.Configuration["Database:Provider"] ?? DatabaseProvider.Sqlite;
        string? databasePath = null;
        if (string.Equals(provider, DatabaseProvider.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = builder.Configuration.GetConnectionString("Sqlite") ?? "Data Source=data/webhookconsole.db";
            databasePath = EnsureSqliteFolder(connectionString);
            if (databasePath is not null)
                builder.Services.AddHostedService(sp => new SqliteCheckpointer(connectionString, sp.GetRequiredService<ILogger<SqliteCheckpointer>>()));
            builder.Services.AddPooledDbContextFactory<AppDbContext>((sp, o) => o
                .UseSqlite(connectionString, s => s.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
                .AddInterceptors(new SqlitePragmaInterceptor(), new ReferenceDataChangeInterceptor(sp.GetRequiredService<DataChangeNotifications>()))
                .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, AtRestModelCacheKeyFactory>());
        }
        else if (string.Equals(provider, DatabaseProvider.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            var connectionString = builder.Configuration.GetConnectionString("Postgres");
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException(
                    "Database:Provider is Postgres but ConnectionStrings:Postgres is empty; set it, e.g. \"Host=db;Database=webhookconsole;Username=console;Password=…\".");
            builder.Services.AddPooledDbContextFactory<PostgresDbContext>((sp, o) => o
                .UseNpgsql(PostgresConnection.Tuned(connectionString), n => n.MigrationsAssembly(typeof(AppDbContext).Assembly.FullName))
                .AddInterceptors(new ReferenceDataChangeInterceptor(sp.GetRequiredService<DataChangeNotifications>()))
                .ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, AtRestModelCacheKeyFactory>());
            // Everything asks for AppDbContext; on PostgreSQL that is a PostgresDbContext (its own migrations).
            builder.Services.AddSingleton<IDbContextFactory<AppDbContext>>(sp =>
                new PostgresContextFactory(sp.GetRequiredService<IDbContextFactory<PostgresDbContext>>()));
            builder.Services.AddHostedService<ClusterListener>();
        }
        else
        {
            throw new InvalidOperationException(
                $"Database:Provider is '{provider}'; use '{DatabaseProvider.Sqlite}' (default) or '{DatabaseProvider.Postgres}'.");
        }

        // Components and services create short-lived contexts from the factory; scoped contexts serve Identity.
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        // Keys live in the shared database so every node and every restart can decrypt stored secrets, encrypted there
        // with a key kept outside it (KeyRingProtection).
        builder.Services.AddDataProtection()
            .SetApplicationName("WebhookConsole")
            .PersistKeysToDbContext<AppDbContext>()
            .ProtectKeyRing(builder.Configuration, databasePath);
        builder.Services.PostConfigure<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>(o =>
            o.XmlRepository = new KeyRingRepository(o.XmlRepository!));
        builder.Services.AddSingleton<KeyRingGuard>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<DatabaseInitializer>();
        builder.Services.AddSingleton<GroupCommitWriter>();
        builder.Services.AddSingleton<ClusterSignals>();
        builder.Services.AddSingleton<DataChangeNotifications>();
        // Encryption at rest is part of the model (AtRestModel); its data keys are loaded by the DatabaseInitializer.
        builder.Services.AddSingleton<AtRestCipher>();
        builder.Services.AddSingleton<AtRestKeyStore>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<GroupCommitWriter>());
        return builder;
    }

    /// <summary>Applies migrations and runs the seeders (<see cref="IDatabaseSeeder"/>) before the app serves anything.</summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
    }

    /// <summary>Creates the database's folder; returns the file's full path (null for an in-memory database).</summary>
    private static string? EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:") return null;
        var path = Path.GetFullPath(dataSource);
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        PrivateFile.CreateIfMissing(path);
        return path;
    }

    private sealed class PostgresContextFactory(IDbContextFactory<PostgresDbContext> inner) : IDbContextFactory<AppDbContext>
    {
        public AppDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<AppDbContext> CreateDbContextAsync(CancellationToken ct = default) => await inner.CreateDbContextAsync(ct);
    }
}
