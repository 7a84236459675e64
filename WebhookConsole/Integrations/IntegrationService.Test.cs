using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace WebhookConsole.Integrations;

/// <summary>Test events: a sample payload sent now with the saved settings.</summary>
public sealed partial class IntegrationService
{
    /// <summary>
    /// Sends a sample event of the integration's kind now, with the saved settings (not the delivery cache),
    /// through the real sender: same signing, SSRF guard, timeouts and 32 KiB cap. Not recorded as a delivery.
    /// </summary>
    public async Task<TestDeliveryResult> TestAsync(string id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entity = await db.Integrations.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new KeyNotFoundException($"Integration '{id}' does not exist.");
        var context = await SampleContextAsync(db, entity, ct);
        var now = time.GetUtcNow();
        var body = SamplePayloads.For(entity, now, context);
        var messageId = Ids.New("msg", time);
        var result = await sender.SendAsync(settings.Snapshot(entity), messageId, body, 1, ct);
        var attempt = result.Attempt;

        audit.Add(db, actor, "integration.tested", EntityType, id, null, new { url = entity.Url, attempt.StatusCode, attempt.Error, result.Succeeded });
        await db.SaveChangesAsync(CancellationToken.None);

        return new TestDeliveryResult(
            result.Succeeded, entity.Url, messageId, attempt.Number, attempt.StartedAt, attempt.DurationMs, attempt.StatusCode,
            Headers(attempt.RequestHeaders) ?? new Dictionary<string, string>(), Headers(attempt.ResponseHeaders),
            attempt.ResponseBody, attempt.Error, System.Text.Encoding.UTF8.GetString(body));
    }

    private static Dictionary<string, string>? Headers(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(json);

    private static async Task<SamplePayloads.Context> SampleContextAsync(AppDbContext db, Integration entity, CancellationToken ct)
    {
        if (entity.Kind == IntegrationKind.Loyalty)
            return new SamplePayloads.Context(Program: await db.Programs.AsNoTracking().OrderBy(p => p.Name).FirstOrDefaultAsync(ct));
        var website = entity.WebsiteId is not null
            ? await db.Websites.AsNoTracking().FirstOrDefaultAsync(w => w.Id == entity.WebsiteId, ct)
            : await db.Websites.AsNoTracking().OrderBy(w => w.Name).FirstOrDefaultAsync(ct);
        var campaign = website is null ? null : await db.Campaigns.AsNoTracking().Where(c => c.WebsiteId == website.Id).OrderBy(c => c.Name).FirstOrDefaultAsync(ct);
        var variables = await db.MappingVariables.AsNoTracking().ToListAsync(ct);
        return new SamplePayloads.Context(website, campaign, null, variables);
    }
}
