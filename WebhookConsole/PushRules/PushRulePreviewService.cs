using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;
using WebhookConsole.Routing.Payloads;

namespace WebhookConsole.PushRules;

/// <summary>An integration the previewed event would reach, what it would get, and the payload.</summary>
public sealed record PreviewTarget(Integration Integration, string Level, IReadOnlyList<string> RuleIds, string Outcome, byte[]? Payload);

/// <summary>
/// The answer of a preview: either the errors the events API would answer with (keyed as the API keys them), or
/// the routing decision with its targets and the destinations skipped, each with the reason.
/// </summary>
public sealed record PreviewResult(
    IReadOnlyDictionary<string, string[]>? Errors,
    string? EventType,
    string? Summary,
    RouteDecision? Routing,
    IReadOnlyList<PreviewTarget> Targets)
{
    public static PreviewResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(errors, null, null, null, []);
}

/// <summary>
/// "Where would this event go, and why?" Runs an event — pasted as the events API would receive it, or one already
/// stored — through the same checks, resolution and delivery planning as the events API, without storing anything.
/// Optionally with unsaved rules of one scope in place of the saved ones.
/// </summary>
public sealed class PushRulePreviewService(IDbContextFactory<AppDbContext> dbFactory, ReferenceDataCache referenceData, TimeProvider time)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="eventId">The id of the stored event this JSON came from, shown in payloads; otherwise `evt_preview`.</param>
    public async Task<PreviewResult> PreviewJsonAsync(string json, PushRuleScope? draftScope = null, IReadOnlyList<PushRuleDraft>? drafts = null,
        string? eventId = null, CancellationToken ct = default)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" (line {line + 1}, byte {e.BytePositionInLine + 1})" : "";
            return PreviewResult.Invalid(new Dictionary<string, string[]> { ["body"] = [$"This is not valid JSON{where}."] });
        }
        using (document)
            return await PreviewAsync(document.RootElement, eventId is null ? time.GetUtcNow() : null, draftScope, drafts, eventId, ct);
    }

    public async Task<PreviewResult> PreviewStoredAsync(string eventId, PushRuleScope? draftScope = null, IReadOnlyList<PushRuleDraft>? drafts = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var e = await db.Events.AsNoTracking().FirstOrDefaultAsync(x => x.Id == eventId, ct)
            ?? throw new KeyNotFoundException($"Event '{eventId}' does not exist.");
        using var document = JsonDocument.Parse(ToRequestJson(e));
        return await PreviewAsync(document.RootElement, null, draftScope, drafts, e.Id, ct);
    }

    /// <summary>A stored event as the request that reported it (without its idempotency key).</summary>
    public static string ToRequestJson(WebhookEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return JsonSerializer.Serialize(new
        {
            type = e.Type,
            occurredAt = EventParser.Format(e.OccurredAt),
            source = e.ProgramId is not null
                ? (object)new { programId = e.ProgramId }
                : new { websiteId = e.WebsiteId, campaignId = e.CampaignId },
            data = data.RootElement,
        }, Indented);
    }

    private async Task<PreviewResult> PreviewAsync(JsonElement root, DateTimeOffset? now, PushRuleScope? draftScope, IReadOnlyList<PushRuleDraft>? drafts,
        string? eventId, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var incoming = EventParser.Parse(root, "", now, errors);
        if (incoming is null) return PreviewResult.Invalid(errors.ToDictionary());

        // The same routing context as the events API (cached reference data), with the drafted rules of one scope in place.
        var reference = await referenceData.GetAsync(ct);
        var rules = reference.Rules.ToList();
        if (draftScope is not null && drafts is not null)
        {
            rules.RemoveAll(r => r.ScopeKind == draftScope.Kind && r.ScopeId == draftScope.Id);
            rules.AddRange(drafts.Select((d, i) => new PushRule
            {
                Id = d.Id ?? $"(new rule {i + 1})",
                ScopeKind = draftScope.Kind!,
                ScopeId = draftScope.Id,
                EventTypes = d.EventTypes,
                Destinations = d.Destinations,
            }));
        }
        var router = EventRouter.For(reference, [incoming], errors, rules);
        if (errors.Any) return PreviewResult.Invalid(errors.ToDictionary());
        var at = now ?? time.GetUtcNow();
        var routed = router.Route(incoming, eventId ?? "evt_preview", at);
        var (e, routing, campaign, website, program) = (routed.Event, routed.Route, routed.Planned.Campaign, routed.Planned.Website, routed.Planned.Program);

        // The same planning as the events API, on an empty ledger: what this event would cause on its own.
        var plan = new DeliveryPlan();
        DeliveryPlanner.Plan(routed, new ParticipationLedger(), at, time, plan);
        var add = plan.Add;
        var targets = routing.Targets.Select(t =>
        {
            var delivery = add.FirstOrDefault(d => d.IntegrationId == t.Integration.Id);
            return new PreviewTarget(t.Integration, t.Level, t.RuleIds, Outcome(e, t.Integration, delivery, at), delivery?.Payload);
        }).ToList();

        var from = program is not null
            ? $"program {program.Name} ({program.Id})"
            : $"campaign {campaign!.Name} ({campaign.Id}) on website {website!.Name} ({website.Id})";
        return new PreviewResult(null, e.Type, $"{EventTypes.Label(e.Type)} from {from}, subject {e.SubjectId}", routing, targets);
    }

    private static string Outcome(WebhookEvent e, Integration integration, Delivery? delivery, DateTimeOffset now)
    {
        if (e.Type == EventTypes.ParticipationStarted)
            return delivery is null
                ? "Nothing is sent: this integration does not send incomplete participations."
                : $"An INCOMPLETE participation {Due(delivery, now)}, unless the participation completes first (incomplete delay {IntegrationRules.Describe(TimeSpan.FromSeconds(integration.IncompleteDelaySeconds))}).";
        if (e.Type == EventTypes.ParticipationUpdated)
            return integration.IncompleteSend
                ? "Nothing is sent for the update itself: an INCOMPLETE delivery of this participation still waiting for its incomplete delay is rendered again from it, so it goes out with what was known by then."
                : "Nothing is sent: an update only refreshes pending INCOMPLETE deliveries, and this integration does not send incomplete participations.";
        if (e.Type == EventTypes.ParticipationCompleted)
            return $"The COMPLETED participation (payload {integration.PayloadVersion}) {Due(delivery!, now)}"
                + (integration.DelaySeconds > 0 ? $", held back until {integration.DelaySeconds} s after completion by the integration's delay." : ".");
        return "Sent at once: a JSON array holding this event.";
    }

    private static string Due(Delivery d, DateTimeOffset now) => d.Status == DeliveryStatus.Scheduled && d.NextAttemptAt is { } at
        ? $"is sent at {at.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC ({Humanize(at - now)} from now)"
        : "is sent at once";

    private static string Humanize(TimeSpan span) =>
        span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{span.TotalSeconds:0} s";
}
