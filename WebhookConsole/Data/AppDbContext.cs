using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Data;

/// <summary>The database on SQLite (this type's migrations) or PostgreSQL (<see cref="PostgresDbContext"/>'s).</summary>
public class AppDbContext(DbContextOptions options)
    : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Website> Websites => Set<Website>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<LoyaltyProgram> Programs => Set<LoyaltyProgram>();
    public DbSet<MappingVariable> MappingVariables => Set<MappingVariable>();
    public DbSet<Integration> Integrations => Set<Integration>();
    public DbSet<PushRule> PushRules => Set<PushRule>();
    public DbSet<WebhookEvent> Events => Set<WebhookEvent>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<Attempt> Attempts => Set<Attempt>();
    public DbSet<InspectorBin> InspectorBins => Set<InspectorBin>();
    public DbSet<InspectedRequest> InspectedRequests => Set<InspectedRequest>();
    public DbSet<Erasure> Erasures => Set<Erasure>();
    public DbSet<MaskedPath> MaskedPaths => Set<MaskedPath>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(IVersioned).IsAssignableFrom(e.ClrType)))
            builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        // Converters bound to an app's key ring only where the model is cached per app: a context configured without that
        // cache key (a bare test factory) would otherwise share one app's converters with every later app.
        if (AtRestCipher.ServicesOf(this) is { } services
            && this.GetService<IModelCacheKeyFactory>() is AtRestModelCacheKeyFactory)
            AtRestModel.Apply(builder, services);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        BumpVersions();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        BumpVersions();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Every change to a versioned row makes a new version; the update still matches only the version it read.</summary>
    private void BumpVersions()
    {
        foreach (var entry in ChangeTracker.Entries<IVersioned>().Where(e => e.State == EntityState.Modified))
            entry.Entity.Version = entry.OriginalValues.GetValue<int>(nameof(IVersioned.Version)) + 1;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare DateTimeOffset; store UTC Unix milliseconds so ranges and ordering run in SQL.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UnixMillisecondsConverter>();
        }
        else
        {
            // timestamptz takes UTC only; an event's occurredAt may arrive with any offset.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcConverter>();
        }
    }
}
