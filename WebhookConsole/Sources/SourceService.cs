using Microsoft.EntityFrameworkCore;
using WebhookConsole.Audit;

namespace WebhookConsole.Sources;

/// <summary>Create, update and delete websites, campaigns and programs; refuses deletes of sources still in use.</summary>
public sealed class SourceService(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit)
{
    public async Task<List<Website>> WebsitesAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Websites.AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct);
    }

    public async Task<List<Campaign>> CampaignsAsync(string? websiteId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Campaigns.AsNoTracking();
        if (!string.IsNullOrEmpty(websiteId)) q = q.Where(c => c.WebsiteId == websiteId);
        return await q.OrderBy(c => c.Name).ToListAsync(ct);
    }

    public async Task<List<LoyaltyProgram>> ProgramsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Programs.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct);
    }

    public async Task<Website> SaveWebsiteAsync(WebsiteRequest r, bool isNew, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        Throw(SourceValidator.Validate(r));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = r.Id!.Trim();
        var entity = await db.Websites.FindAsync([id], ct);
        var before = entity is null ? null : Clone(entity);
        entity = Upsert(db.Websites, entity, isNew, id, "website", expectedVersion);
        entity.Name = r.Name!.Trim();
        entity.Domain = r.Domain!.Trim().ToLowerInvariant();
        entity.Country = r.Country!.Trim().ToUpperInvariant();
        audit.Add(db, actor, isNew ? "website.created" : "website.updated", "Website", id, before, entity);
        await db.SaveChangesAsync(ct);
        return entity;
    }

    public async Task<Campaign> SaveCampaignAsync(CampaignRequest r, bool isNew, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        Throw(SourceValidator.Validate(r));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var websiteId = r.WebsiteId!.Trim();
        if (!await db.Websites.AnyAsync(w => w.Id == websiteId, ct))
            Throw(new() { ["websiteId"] = [$"Website '{websiteId}' does not exist."] });
        var id = r.Id!.Trim();
        var entity = await db.Campaigns.FindAsync([id], ct);
        var before = entity is null ? null : Clone(entity);
        entity = Upsert(db.Campaigns, entity, isNew, id, "campaign", expectedVersion);
        entity.WebsiteId = websiteId;
        entity.Name = r.Name!.Trim();
        entity.Type = r.Type!.Trim();
        audit.Add(db, actor, isNew ? "campaign.created" : "campaign.updated", "Campaign", id, before, entity);
        await db.SaveChangesAsync(ct);
        return entity;
    }

    public async Task<LoyaltyProgram> SaveProgramAsync(ProgramRequest r, bool isNew, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        Throw(SourceValidator.Validate(r));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = r.Id!.Trim();
        var entity = await db.Programs.FindAsync([id], ct);
        var before = entity is null ? null : Clone(entity);
        entity = Upsert(db.Programs, entity, isNew, id, "program", expectedVersion);
        entity.Name = r.Name!.Trim();
        audit.Add(db, actor, isNew ? "program.created" : "program.updated", "Program", id, before, entity);
        await db.SaveChangesAsync(ct);
        return entity;
    }

    public async Task DeleteWebsiteAsync(string id, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await db.Websites.FindAsync([id], ct) ?? throw new KeyNotFoundException($"Website '{id}' does not exist.");
        StaleVersionException.ThrowIfStale(entity, expectedVersion, "website");
        var uses = new List<string>();
        Count(uses, await db.Campaigns.CountAsync(c => c.WebsiteId == id, ct), "campaign");
        Count(uses, await db.Integrations.CountAsync(i => i.WebsiteId == id, ct), "integration");
        Count(uses, await db.PushRules.CountAsync(p => p.ScopeKind == "website" && p.ScopeId == id, ct), "push rule");
        Count(uses, await db.Events.CountAsync(e => e.WebsiteId == id, ct), "event");
        RefuseIfUsed("Website", id, uses);
        db.Websites.Remove(entity);
        audit.Add(db, actor, "website.deleted", "Website", id, Clone(entity), null);
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteCampaignAsync(string id, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await db.Campaigns.FindAsync([id], ct) ?? throw new KeyNotFoundException($"Campaign '{id}' does not exist.");
        StaleVersionException.ThrowIfStale(entity, expectedVersion, "campaign");
        var uses = new List<string>();
        Count(uses, await db.PushRules.CountAsync(p => p.ScopeKind == "campaign" && p.ScopeId == id, ct), "push rule");
        Count(uses, await db.Events.CountAsync(e => e.CampaignId == id, ct), "event");
        RefuseIfUsed("Campaign", id, uses);
        db.Campaigns.Remove(entity);
        audit.Add(db, actor, "campaign.deleted", "Campaign", id, Clone(entity), null);
        await db.SaveChangesAsync(ct);
    }

    public async Task DeleteProgramAsync(string id, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await db.Programs.FindAsync([id], ct) ?? throw new KeyNotFoundException($"Program '{id}' does not exist.");
        StaleVersionException.ThrowIfStale(entity, expectedVersion, "program");
        var uses = new List<string>();
        Count(uses, await db.PushRules.CountAsync(p => p.ScopeKind == "program" && p.ScopeId == id, ct), "push rule");
        Count(uses, await db.Events.CountAsync(e => e.ProgramId == id, ct), "event");
        RefuseIfUsed("Program", id, uses);
        db.Programs.Remove(entity);
        audit.Add(db, actor, "program.deleted", "Program", id, Clone(entity), null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>One website, campaign or program by id.</summary>
    public async Task<T> GetAsync<T>(string id, CancellationToken ct = default) where T : class
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Set<T>().FindAsync([id], ct) ?? throw new KeyNotFoundException($"The {typeof(T).Name.Replace("Loyalty", "").ToLowerInvariant()} '{id}' does not exist.");
    }

    private static T Upsert<T>(DbSet<T> set, T? existing, bool isNew, string id, string what, int? expectedVersion) where T : class, IVersioned, new()
    {
        if (isNew)
        {
            if (existing is not null) throw new ConflictException($"A {what} with id '{id}' already exists.");
            var created = new T();
            typeof(T).GetProperty("Id")!.SetValue(created, id);
            set.Add(created);
            return created;
        }
        if (existing is null) throw new KeyNotFoundException($"The {what} '{id}' does not exist.");
        StaleVersionException.ThrowIfStale(existing, expectedVersion, what);
        return existing;
    }

    private static void Count(List<string> uses, int count, string noun)
    {
        if (count > 0) uses.Add($"{count} {noun}{(count == 1 ? "" : "s")}");
    }

    private static void RefuseIfUsed(string what, string id, List<string> uses)
    {
        if (uses.Count > 0)
            throw new ConflictException($"{what} '{id}' is in use by {string.Join(", ", uses)} and cannot be deleted. Remove those first.");
    }

    private static void Throw(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0) throw new ValidationException(errors);
    }

    private static T Clone<T>(T entity) where T : class => (T)entity.GetType().GetMethod("MemberwiseClone", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.Invoke(entity, null)!;
}
