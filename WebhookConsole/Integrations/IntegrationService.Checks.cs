using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Integrations;

/// <summary>The rules a request must meet before it is saved: the shared validator's, then the database's (unique name, one per scope).</summary>
public sealed partial class IntegrationService
{
    private async Task ThrowIfInvalidAsync(AppDbContext db, IntegrationRequest r, Integration? existing, CancellationToken ct)
    {
        var (errors, conflicts) = await CheckAsync(db, r, existing, ct);
        if (errors.Count > 0) throw new ValidationException(errors);
        if (conflicts.Count > 0) throw new ConflictException(string.Join(" ", conflicts.SelectMany(c => c.Value)));
    }

    private async Task<(Dictionary<string, string[]> Errors, Dictionary<string, string[]> Conflicts)> CheckAsync(
        AppDbContext db, IntegrationRequest r, Integration? existing, CancellationToken ct)
    {
        var state = existing is null ? null : new IntegrationState(existing.Kind, existing.AuthHeaderValueEncrypted is not null, existing.SecretEncrypted is not null);
        var errors = IntegrationValidator.Validate(r, rules, state);
        var conflicts = new Dictionary<string, string[]>();
        var selfId = existing?.Id;

        var websiteId = Blank(r.WebsiteId);
        string? websiteName = null;
        if (websiteId is not null && !errors.ContainsKey("websiteId") && r.Kind?.Trim() == IntegrationKind.Participation)
        {
            websiteName = await db.Websites.Where(w => w.Id == websiteId).Select(w => w.Name).FirstOrDefaultAsync(ct);
            if (websiteName is null) errors["websiteId"] = [$"Website '{websiteId}' does not exist. Add it under Sources first."];
        }

        if (!errors.ContainsKey("name") && r.Name is not null)
        {
            var name = r.Name.Trim();
            var lower = name.ToLower();
            if (await db.Integrations.AnyAsync(i => i.Id != selfId && i.Name.ToLower() == lower, ct))
                conflicts["name"] = [$"Name '{name}' is already used by another integration; choose another name."];
        }

        // One per scope and payload version: a 1.0 and a 2.0 integration side by side is the documented migration.
        if (!rules.AllowMultiplePerScope && r.Kind?.Trim() == IntegrationKind.Participation && !errors.ContainsKey("websiteId") && !errors.ContainsKey("payloadVersion"))
        {
            var version = Blank(r.PayloadVersion) ?? IntegrationValidator.CurrentPayloadVersion;
            var taken = await db.Integrations.AsNoTracking()
                .Where(i => i.Id != selfId && i.Kind == IntegrationKind.Participation && i.WebsiteId == websiteId && i.PayloadVersion == version)
                .Select(i => i.Name).FirstOrDefaultAsync(ct);
            if (taken is not null)
                conflicts["websiteId"] = [websiteId is null
                    ? $"Only one participation integration per payload version may cover the whole account, and '{taken}' already does with payload {version}. Edit that one, choose another payload version, or scope this one to a website (Webhooks:AllowMultiplePerScope lifts the limit)."
                    : $"Only one participation integration per website and payload version is allowed, and '{taken}' already covers {websiteName ?? websiteId} with payload {version}. Edit that one, or choose another scope or payload version (Webhooks:AllowMultiplePerScope lifts the limit)."];
        }
        return (errors, conflicts);
    }
}
