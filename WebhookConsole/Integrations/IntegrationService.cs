using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Audit;
using WebhookConsole.Dispatch;
using WebhookConsole.Routing;

namespace WebhookConsole.Integrations;

/// <summary>
/// Creates, changes, rotates, reveals, tests and deletes integrations. Every change is audited in the same
/// commit with secrets masked. Secrets and auth values leave this class in clear only from
/// <see cref="CreateAsync"/>, <see cref="RotateSecretAsync"/> (the new secret, once) and <see cref="RevealAsync"/> (audited).
/// </summary>
public sealed partial class IntegrationService(
    IDbContextFactory<AppDbContext> dbFactory,
    IntegrationSecrets secrets,
    IntegrationSettingsCache settings,
    WebhookSender sender,
    IntegrationRules rules,
    AuditLog audit,
    TimeProvider time,
    IntegrationListReaders listReaders)
{
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);
    public const string EntityType = "Integration";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IntegrationRules Rules => rules;

    public async Task<List<IntegrationDto>> ListAsync(CancellationToken ct = default)
    {
        var rows = await listReaders.ReadAsync(ct);
        return rows.OrderBy(r => r.Integration.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => ToDto(r.Integration, r.WebsiteName, r.Last)).ToList();
    }

    public async Task<IntegrationDto> GetAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await Find(db, id, ct);
        return await DtoAsync(db, entity, ct);
    }

    /// <summary>Every problem with a request, the database rules included, keyed by field: what the editor shows inline.</summary>
    public async Task<Dictionary<string, string[]>> CheckAsync(IntegrationRequest r, string? id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var existing = id is null ? null : await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        var (errors, conflicts) = await CheckAsync(db, r, existing, ct);
        foreach (var (key, messages) in conflicts) errors[key] = errors.TryGetValue(key, out var e) ? [.. e, .. messages] : messages;
        return errors;
    }

    /// <summary>Creates an integration; the result carries the secret in clear (the only time besides rotation).</summary>
    public async Task<IntegrationDto> CreateAsync(IntegrationRequest r, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await ThrowIfInvalidAsync(db, r, null, ct);
        var now = time.GetUtcNow();
        var secret = r.Secret is null ? IntegrationSecrets.Generate() : r.Secret.Length == 0 ? null : r.Secret;
        var entity = new Integration { Id = Ids.New("int", time), CreatedAt = now };
        Apply(entity, r, now, activeByDefault: true);
        entity.AuthHeaderValueEncrypted = entity.AuthHeaderName is null ? null : secrets.Protect(r.AuthHeaderValue);
        entity.SecretEncrypted = secrets.Protect(secret);
        db.Integrations.Add(entity);
        audit.Add(db, actor, "integration.created", EntityType, entity.Id, null, AuditView(entity));
        await SaveAsync(db, ct);
        return await DtoAsync(db, entity, ct) with { Secret = secret };
    }

    /// <summary>Replaces an integration's settings (PUT). Secret and auth value: null or the mask keep, "" removes, a value replaces.</summary>
    public async Task<IntegrationDto> UpdateAsync(string id, IntegrationRequest r, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await Find(db, id, ct);
        StaleVersionException.ThrowIfStale(entity, expectedVersion, "integration");
        await ThrowIfInvalidAsync(db, r, entity, ct);
        var before = AuditView(entity);
        var wasActive = entity.Active;
        var now = time.GetUtcNow();
        Apply(entity, r, now, activeByDefault: entity.Active);

        if (entity.AuthHeaderName is null) entity.AuthHeaderValueEncrypted = null;
        else if (!Keeps(r.AuthHeaderValue)) entity.AuthHeaderValueEncrypted = secrets.Protect(r.AuthHeaderValue);

        string? secretAction = null;
        if (r.Secret == "" && entity.SecretEncrypted is not null)
        {
            entity.SecretEncrypted = entity.PreviousSecretEncrypted = null;
            entity.PreviousSecretExpiresAt = null;
            secretAction = "integration.secret_removed";
        }
        else if (!Keeps(r.Secret) && r.Secret != "" && secrets.Unprotect(entity.SecretEncrypted) != r.Secret)
        {
            secretAction = entity.SecretEncrypted is null ? "integration.secret_added" : "integration.secret_replaced";
            entity.SecretEncrypted = secrets.Protect(r.Secret);
            entity.PreviousSecretEncrypted = null; // replaced outright: no overlap (rotate-secret gives one)
            entity.PreviousSecretExpiresAt = null;
        }

        audit.Add(db, actor, "integration.updated", EntityType, entity.Id, before, AuditView(entity));
        if (secretAction is not null) audit.Add(db, actor, secretAction, EntityType, entity.Id, null, new { secret = IntegrationSecrets.Masked(entity.SecretEncrypted) });
        await SaveAsync(db, ct);
        if (entity.Active != wasActive) await settings.ForgetEverywhereAsync(id);
        return await DtoAsync(db, entity, ct);
    }

    /// <summary>
    /// PATCH: a JSON merge patch (RFC 7396) over the current settings, then the same rules as PUT. A null or absent
    /// secret / authHeaderValue keeps the stored one; "" removes it.
    /// </summary>
    public async Task<IntegrationDto> PatchAsync(string id, JsonObject patch, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        IntegrationDto current;
        await using (var db = await dbFactory.CreateDbContextAsync(ct)) current = ToDto(await Find(db, id, ct), null, null);
        // The patch applies to what was read here: if the row moves on before the update, that update refuses it.
        expectedVersion ??= current.Version;
        var document = JsonSerializer.SerializeToNode(ToRequest(current), Json)!.AsObject();
        // A client of the first version patches the incomplete delay in minutes: that replaces the stored delay, held in seconds.
        if (patch["options"] is JsonObject po && po["incomplete"] is JsonObject pi && pi.ContainsKey("delayMinutes") && !pi.ContainsKey("delaySeconds")
            && document["options"]?["incomplete"] is JsonObject stored)
            stored.Remove("delaySeconds");
        Merge(document, patch);
        IntegrationRequest merged;
        try
        {
            merged = document.Deserialize<IntegrationRequest>(Json)!;
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } p ? p.TrimStart('$', '.') : "body";
            throw new ValidationException(new Dictionary<string, string[]> { [field] = [$"The JSON value of '{field}' has the wrong type or shape for this field."] });
        }
        return await UpdateAsync(id, merged, actor, ct, expectedVersion);
    }

    public async Task<IntegrationDto> SetActiveAsync(string id, bool active, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await Find(db, id, ct);
        if (entity.Active != active)
        {
            var before = AuditView(entity);
            entity.Active = active;
            entity.UpdatedAt = time.GetUtcNow();
            audit.Add(db, actor, active ? "integration.activated" : "integration.deactivated", EntityType, id, before, AuditView(entity));
            await SaveAsync(db, ct);
            // The Active switch applies at once: deliveries coming due must not see the cached state for minutes
            // (a retry skipped right after re-activation, or sent right after de-activation).
            await settings.ForgetEverywhereAsync(id);
        }
        return await DtoAsync(db, entity, ct);
    }

    /// <summary>Deliveries kept as skipped for this integration (routed to it while it was inactive), for the re-activation offer.</summary>
    public async Task<int> CountSkippedAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Deliveries.CountAsync(d => d.IntegrationId == id && d.Status == DeliveryStatus.Skipped, ct);
    }

    /// <summary>
    /// A new generated secret; the current one keeps signing beside it for 24 h so receivers can switch over.
    /// The result carries the new secret in clear, once.
    /// </summary>
    public async Task<IntegrationDto> RotateSecretAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await Find(db, id, ct);
        var before = AuditView(entity);
        var now = time.GetUtcNow();
        var secret = IntegrationSecrets.Generate();
        if (entity.SecretEncrypted is not null)
        {
            entity.PreviousSecretEncrypted = entity.SecretEncrypted;
            entity.PreviousSecretExpiresAt = now + RotationOverlap;
        }
        entity.SecretEncrypted = secrets.Protect(secret);
        entity.UpdatedAt = now;
        audit.Add(db, actor, "integration.secret_rotated", EntityType, id, before, AuditView(entity));
        await SaveAsync(db, ct);
        return await DtoAsync(db, entity, ct) with { Secret = secret };
    }

    /// <summary>The secret(s) and auth value in clear, for an Admin who asked; audited as `integration.secret_revealed`.</summary>
    public async Task<RevealedSecrets> RevealAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await Find(db, id, ct);
        var previousLive = entity.PreviousSecretExpiresAt > time.GetUtcNow();
        var revealed = new RevealedSecrets(
            secrets.Unprotect(entity.SecretEncrypted),
            previousLive ? secrets.Unprotect(entity.PreviousSecretEncrypted) : null,
            previousLive ? entity.PreviousSecretExpiresAt : null,
            secrets.Unprotect(entity.AuthHeaderValueEncrypted));
        audit.Add(db, actor, "integration.secret_revealed", EntityType, id, null, new
        {
            revealed = new[] { revealed.Secret is null ? null : "secret", revealed.PreviousSecret is null ? null : "previousSecret", revealed.AuthHeaderValue is null ? null : "authHeaderValue" }
                .OfType<string>().ToArray(),
        });
        await db.SaveChangesAsync(ct);
        return revealed;
    }

    public async Task<IntegrationUsage> UsageAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rules = await RulesSendingTo(db, id, ct);
        var outstanding = await Outstanding(db, id).CountAsync(ct);
        return new IntegrationUsage(rules.Count, outstanding);
    }

    /// <summary>
    /// Deletes an integration, removing it from the destinations of push rules and cancelling its queued
    /// deliveries (failed with "integration deleted") in the same transaction; delivery history stays.
    /// </summary>
    public async Task<IntegrationDeleted> DeleteAsync(string id, string actor, CancellationToken ct = default, int? expectedVersion = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await Find(db, id, ct);
        StaleVersionException.ThrowIfStale(entity, expectedVersion, "integration");
        var now = time.GetUtcNow();
        var pushRules = await RulesSendingTo(db, id, ct);
        foreach (var rule in pushRules)
        {
            var before = new { rule.Id, rule.ScopeKind, rule.ScopeId, EventTypes = rule.EventTypes.ToList(), Destinations = rule.Destinations.ToList() };
            rule.Destinations = rule.Destinations.Where(d => d != id).ToList();
            rule.UpdatedAt = now;
            audit.Add(db, actor, "push_rule.updated", "PushRule", rule.Id, before,
                new { rule.Id, rule.ScopeKind, rule.ScopeId, rule.EventTypes, rule.Destinations, reason = $"integration {id} deleted" });
        }
        var outstanding = await Outstanding(db, id).ToListAsync(ct);
        foreach (var delivery in outstanding) DeliveryLifecycle.Cancel(delivery, now);
        db.Integrations.Remove(entity);
        audit.Add(db, actor, "integration.deleted", EntityType, id, AuditView(entity),
            new { pushRulesUpdated = pushRules.Count, deliveriesCancelled = outstanding.Count });
        await SaveAsync(db, ct);
        await settings.ForgetEverywhereAsync(id);
        return new IntegrationDeleted(id, pushRules.Count, outstanding.Count);
    }

    // ---- helpers ----

    private static bool Keeps(string? value) => value is null || value == IntegrationSecrets.Mask;

    private static void Apply(Integration entity, IntegrationRequest r, DateTimeOffset now, bool activeByDefault)
    {
        var kind = r.Kind!.Trim();
        var options = IntegrationValidator.Options(kind == IntegrationKind.Participation ? r.Options : null);
        entity.Name = r.Name!.Trim();
        entity.Url = r.Url!.Trim();
        entity.Kind = kind;
        entity.Active = r.Active ?? activeByDefault;
        entity.WebsiteId = kind == IntegrationKind.Participation ? Blank(r.WebsiteId) : null;
        entity.AuthHeaderName = Blank(r.AuthHeaderName);
        entity.PayloadVersion = Blank(r.PayloadVersion) ?? IntegrationValidator.CurrentPayloadVersion;
        entity.DelaySeconds = options.DelaySeconds;
        entity.SendAnswers = options.SendAnswers;
        entity.SendLeads = options.SendLeads;
        entity.IncompleteSend = options.Incomplete.Send;
        entity.IncompleteDelaySeconds = options.Incomplete.DelaySeconds;
        entity.PayloadRetentionDays = r.PayloadRetentionDays;
        entity.UpdatedAt = now;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    internal static async Task<Integration> Find(AppDbContext db, string id, CancellationToken ct) =>
        await db.Integrations.FirstOrDefaultAsync(i => i.Id == id, ct) ?? throw new KeyNotFoundException($"Integration '{id}' does not exist.");

    private static async Task<List<PushRule>> RulesSendingTo(AppDbContext db, string id, CancellationToken ct) =>
        await db.PushRules.Where(p => p.Destinations.Contains(id)).ToListAsync(ct);

    private static IQueryable<Delivery> Outstanding(AppDbContext db, string id) =>
        db.Deliveries.Where(d => d.IntegrationId == id
            && (DeliveryStatuses.Waiting.Contains(d.Status)
                || d.Status == DeliveryStatus.Sending));

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true
                                          || e.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new ConflictException("Another integration with this name was saved at the same moment; choose another name.");
        }
    }

    internal async Task<IntegrationDto> DtoAsync(AppDbContext db, Integration entity, CancellationToken ct)
    {
        var websiteName = entity.WebsiteId is null ? null : await db.Websites.Where(w => w.Id == entity.WebsiteId).Select(w => w.Name).FirstOrDefaultAsync(ct);
        var last = await db.Deliveries.AsNoTracking().Where(d => d.IntegrationId == entity.Id).OrderByDescending(d => d.Id)
            .Select(d => new LastDelivery(d.Id, d.Status, d.LastStatusCode, d.UpdatedAt)).FirstOrDefaultAsync(ct);
        return ToDto(entity, websiteName, last);
    }

    private IntegrationDto ToDto(Integration e, string? websiteName, LastDelivery? last) => new(
        e.Id, e.Name, e.Url, e.Kind, e.Active, e.WebsiteId, e.AuthHeaderName,
        IntegrationSecrets.Masked(e.AuthHeaderValueEncrypted),
        IntegrationSecrets.Masked(e.SecretEncrypted),
        e.PayloadVersion,
        new IntegrationOptions(e.DelaySeconds, e.SendAnswers, e.SendLeads, new IncompleteOptions(e.IncompleteSend, e.IncompleteDelaySeconds)),
        e.CreatedAt, e.UpdatedAt,
        e.PreviousSecretExpiresAt > time.GetUtcNow() && e.PreviousSecretEncrypted is not null ? e.PreviousSecretExpiresAt : null,
        websiteName, last, e.PayloadRetentionDays, IntegrationStates.Of(e))
    { Version = e.Version };

    /// <summary>The request that would leave an integration as it is (secret and auth value kept).</summary>
    public static IntegrationRequest ToRequest(IntegrationDto d) => new(
        d.Name, d.Url, d.Kind, d.Active, d.WebsiteId, d.AuthHeaderName, null, null, d.PayloadVersion,
        new IntegrationOptionsRequest(d.Options.DelaySeconds, d.Options.SendAnswers, d.Options.SendLeads,
            new IncompleteOptionsRequest(d.Options.Incomplete.Send, d.Options.Incomplete.DelaySeconds)), d.PayloadRetentionDays);

    /// <summary>What the audit log keeps of an integration: everything but secrets, which are masked.</summary>
    internal static object AuditView(Integration e) => new
    {
        e.Id,
        e.Name,
        e.Url,
        e.Kind,
        e.Active,
        e.BlockedAt,
        e.WebsiteId,
        e.AuthHeaderName,
        AuthHeaderValue = IntegrationSecrets.Masked(e.AuthHeaderValueEncrypted),
        Secret = IntegrationSecrets.Masked(e.SecretEncrypted),
        PreviousSecret = IntegrationSecrets.Masked(e.PreviousSecretEncrypted),
        e.PreviousSecretExpiresAt,
        e.PayloadVersion,
        e.PayloadRetentionDays,
        Options = new { e.DelaySeconds, e.SendAnswers, e.SendLeads, Incomplete = new { Send = e.IncompleteSend, DelaySeconds = e.IncompleteDelaySeconds } },
    };

    private static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch)
        {
            var name = target.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase)) ?? key;
            if (value is null) target.Remove(name);
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject) Merge(targetObject, patchObject);
            else target[name] = value.DeepClone();
        }
    }
}
