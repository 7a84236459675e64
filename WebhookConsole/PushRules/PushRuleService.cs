using Microsoft.EntityFrameworkCore;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;

namespace WebhookConsole.PushRules;

/// <summary>Create, change and delete push rules, each change audited in the same transaction.</summary>
public sealed class PushRuleService(IDbContextFactory<AppDbContext> dbFactory, AuditLog audit, TimeProvider time)
{
    public async Task<List<PushRule>> ListAsync(string? scopeKind = null, string? scopeId = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.PushRules.AsNoTracking();
        if (!string.IsNullOrEmpty(scopeKind)) q = q.Where(r => r.ScopeKind == scopeKind);
        if (!string.IsNullOrEmpty(scopeId)) q = q.Where(r => r.ScopeId == scopeId);
        return await Ordered(q).ToListAsync(ct);
    }

    public async Task<PushRule> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.PushRules.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct)
            ?? throw new KeyNotFoundException($"Push rule '{id}' does not exist.");
    }

    /// <summary>The push rules page's data in one read: sources and integrations by name, rules as <see cref="ListAsync"/> orders them.</summary>
    public async Task<PushRuleWorkspace> WorkspaceAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return new PushRuleWorkspace(
            await db.Websites.AsNoTracking().OrderBy(w => w.Name).ToListAsync(ct),
            await db.Campaigns.AsNoTracking().OrderBy(c => c.Name).ToListAsync(ct),
            await db.Programs.AsNoTracking().OrderBy(p => p.Name).ToListAsync(ct),
            await db.Integrations.AsNoTracking().OrderBy(i => i.Name).ToListAsync(ct),
            await Ordered(db.PushRules.AsNoTracking()).ToListAsync(ct));
    }

    private static IQueryable<PushRule> Ordered(IQueryable<PushRule> q) => q.OrderBy(r => r.ScopeKind).ThenBy(r => r.ScopeId).ThenBy(r => r.Id);

    public async Task<PushRuleCatalog> CatalogAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await CatalogAsync(db, ct);
    }

    public async Task<PushRule> CreateAsync(PushRuleRequest request, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        Throw(PushRuleValidator.Validate(request, await CatalogAsync(db, ct)));
        var now = Now();
        var rule = new PushRule { Id = Ids.New("rule", time), CreatedAt = now };
        Apply(rule, request, now);
        db.PushRules.Add(rule);
        audit.Add(db, actor, "pushrule.created", "PushRule", rule.Id, null, Snapshot(rule));
        await db.SaveChangesAsync(ct);
        return rule;
    }

    public async Task<PushRule> UpdateAsync(string id, PushRuleRequest request, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = await db.PushRules.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new KeyNotFoundException($"Push rule '{id}' does not exist.");
        StaleVersionException.ThrowIfStale(rule, expectedVersion, "push rule");
        Throw(PushRuleValidator.Validate(request, await CatalogAsync(db, ct)));
        var before = Snapshot(rule);
        Apply(rule, request, Now());
        audit.Add(db, actor, "pushrule.updated", "PushRule", rule.Id, before, Snapshot(rule));
        await db.SaveChangesAsync(ct);
        return rule;
    }

    public async Task DeleteAsync(string id, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rule = await db.PushRules.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new KeyNotFoundException($"Push rule '{id}' does not exist.");
        StaleVersionException.ThrowIfStale(rule, expectedVersion, "push rule");
        db.PushRules.Remove(rule);
        audit.Add(db, actor, "pushrule.deleted", "PushRule", rule.Id, Snapshot(rule), null);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Makes the rules of one scope exactly <paramref name="drafts"/>, in one transaction: new rows are created, changed
    /// ones updated, missing ones deleted. Errors are keyed <c>rules[i].field</c>. A rule changed or deleted by someone
    /// else since the drafts were loaded is a conflict, and nothing is saved.
    /// </summary>
    public async Task<List<PushRule>> SaveScopeAsync(PushRuleScope scope, IReadOnlyList<PushRuleDraft> drafts, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var catalog = await CatalogAsync(db, ct);
        Throw(PushRuleValidator.ValidateScope(scope, catalog, out _));
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < drafts.Count; i++)
            foreach (var (field, messages) in PushRuleValidator.Validate(drafts[i].ToRequest(scope), catalog, $"rules[{i}]."))
                errors[field] = messages;
        Throw(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.PushRules.Where(r => r.ScopeKind == scope.Kind && r.ScopeId == scope.Id).ToListAsync(ct);
        var now = Now();
        foreach (var draft in drafts.Where(d => d.Id is not null))
        {
            var rule = existing.FirstOrDefault(r => r.Id == draft.Id)
                ?? throw new ConflictException("Someone else deleted one of these rules since you opened the page. Reload to see the current rules; nothing was saved.");
            if (draft.UpdatedAt is { } seen && seen != rule.UpdatedAt)
                throw new ConflictException("Someone else changed these rules since you opened the page. Reload to see the current rules; nothing was saved.");
        }
        var kept = drafts.Where(d => d.Id is not null).Select(d => d.Id!).ToHashSet(StringComparer.Ordinal);
        var result = new List<PushRule>();
        foreach (var rule in existing.Where(r => !kept.Contains(r.Id)))
        {
            db.PushRules.Remove(rule);
            audit.Add(db, actor, "pushrule.deleted", "PushRule", rule.Id, Snapshot(rule), null);
        }
        foreach (var draft in drafts)
        {
            var request = draft.ToRequest(scope);
            if (draft.Id is null)
            {
                var rule = new PushRule { Id = Ids.New("rule", time), CreatedAt = now };
                Apply(rule, request, now);
                db.PushRules.Add(rule);
                audit.Add(db, actor, "pushrule.created", "PushRule", rule.Id, null, Snapshot(rule));
                result.Add(rule);
            }
            else
            {
                var rule = existing.First(r => r.Id == draft.Id);
                var before = Snapshot(rule);
                var probe = new PushRule();
                Apply(probe, request, now);
                if (!probe.EventTypes.SequenceEqual(rule.EventTypes) || !probe.Destinations.SequenceEqual(rule.Destinations))
                {
                    Apply(rule, request, now);
                    audit.Add(db, actor, "pushrule.updated", "PushRule", rule.Id, before, Snapshot(rule));
                }
                result.Add(rule);
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>To the millisecond the database keeps, so a rule's UpdatedAt compares equal after a round trip.</summary>
    private DateTimeOffset Now()
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
    }

    internal static async Task<PushRuleCatalog> CatalogAsync(AppDbContext db, CancellationToken ct) => new(
        await db.Websites.AsNoTracking().ToDictionaryAsync(w => w.Id, ct),
        await db.Campaigns.AsNoTracking().ToDictionaryAsync(c => c.Id, ct),
        await db.Programs.AsNoTracking().ToDictionaryAsync(p => p.Id, ct),
        await db.Integrations.AsNoTracking().ToDictionaryAsync(i => i.Id, ct));

    /// <summary>Trimmed, de-duplicated; event types in their canonical order, destinations in the order given.</summary>
    private static void Apply(PushRule rule, PushRuleRequest r, DateTimeOffset now)
    {
        rule.ScopeKind = r.Scope!.Kind!.Trim();
        rule.ScopeId = rule.ScopeKind == PushRuleScopes.Account ? null : r.Scope.Id!.Trim();
        var types = r.EventTypes!.Select(t => t!.Trim()).ToHashSet(StringComparer.Ordinal);
        rule.EventTypes = EventTypes.All.Where(types.Contains).ToList();
        rule.Destinations = r.Destinations!.Select(d => d!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        rule.UpdatedAt = now;
    }

    private static object Snapshot(PushRule r) => new
    {
        scope = new { kind = r.ScopeKind, id = r.ScopeId },
        eventTypes = r.EventTypes.ToArray(),
        destinations = r.Destinations.ToArray(),
    };

    private static void Throw(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0) throw new ValidationException(errors);
    }
}
