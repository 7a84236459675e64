using Microsoft.EntityFrameworkCore;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;
using WebhookConsole.Routing;

namespace WebhookConsole.Backfill;

/// <summary>
/// Picks a backfill's events: received in the window (event ids are time-ordered, so the window is an id range on the
/// primary key), of the chosen types, from sources that still exist, routed to the integration by the push rules in force
/// now, and never delivered to it in any form (no delivery of the event to it at all, skipped ones included, so a rerun or
/// a second backfill picks nothing twice). A start counts only for an integration that sends incomplete participations,
/// once per participation (its latest report), and only while the participation never completed and got no INCOMPLETE from it yet.
/// </summary>
public sealed class BackfillSelector(IDbContextFactory<AppDbContext> dbFactory, ReferenceDataCache referenceData)
{
    private const int PageSize = 2000;

    internal sealed record Candidate(string Id, string Type, string? SubjectId);

    /// <summary>The selected event ids, oldest first: the newest <see cref="BackfillWindow.Limit"/> of the window.</summary>
    public async Task<List<string>> SelectAsync(BackfillWindow window, CancellationToken ct)
    {
        var reference = await referenceData.GetAsync(ct);
        if (!reference.Integrations.TryGetValue(window.IntegrationId, out var integration)) return [];
        // Only this integration is looked up: routing is a pure function of the rules, so the others do not matter here.
        var only = new Dictionary<string, Integration>(StringComparer.Ordinal) { [integration.Id] = integration };
        // An update delivers nothing of its own (it only changes a pending INCOMPLETE), so there is nothing to backfill of it.
        var types = window.EventTypes.Where(t => t != EventTypes.ParticipationUpdated).ToArray();
        // Once requested, the selection is pinned to its oldest event: a rerun never reaches further back than the count promised.
        var low = window.OldestEventId ?? Ids.MinAt("evt", window.From);
        var high = Ids.MinAt("evt", window.To);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var selected = new List<Candidate>();
        var startsSeen = new HashSet<string>(StringComparer.Ordinal);
        string? before = high;
        while (selected.Count < window.Limit)
        {
            // Newest first, so a limit keeps the latest events.
            var page = await db.Events.AsNoTracking()
                .Where(e => string.Compare(e.Id, low) >= 0 && string.Compare(e.Id, before) < 0 && types.Contains(e.Type))
                .Where(e => !db.Deliveries.Any(d => d.EventId == e.Id && d.IntegrationId == integration.Id))
                .OrderByDescending(e => e.Id).Take(PageSize)
                .Select(e => new { e.Id, e.Type, e.WebsiteId, e.CampaignId, e.ProgramId, e.SubjectId })
                .ToListAsync(ct);
            if (page.Count == 0) break;
            before = page[^1].Id;

            var routed = page
                .Where(e => SourcesExist(reference, e.WebsiteId, e.CampaignId, e.ProgramId)
                            && PushRuleResolver.Resolve(new RoutingSubject(e.Type, e.WebsiteId, e.CampaignId, e.ProgramId), reference.Rules, only).Targets.Count > 0)
                .Select(e => new Candidate(e.Id, e.Type, e.SubjectId)).ToList();
            var settled = integration.IncompleteSend ? await SettledParticipationsAsync(db, integration.Id, routed, ct) : [];
            foreach (var e in routed)
            {
                if (e.Type == EventTypes.ParticipationStarted)
                {
                    if (!integration.IncompleteSend || settled.Contains(e.SubjectId!)) continue;
                    // A start reported twice gets one INCOMPLETE: the latest report's (pages run newest first), so a limit
                    // and a rerun pick the same one.
                    if (!startsSeen.Add(e.SubjectId!)) continue;
                }
                selected.Add(e);
                if (selected.Count == window.Limit) break;
            }
        }
        return selected.Select(e => e.Id).Reverse().ToList();
    }

    /// <summary>Participations among these starts that completed, or already have an INCOMPLETE (or any start delivery) to the integration.</summary>
    internal static async Task<HashSet<string>> SettledParticipationsAsync(AppDbContext db, string integrationId, IEnumerable<Candidate> events, CancellationToken ct)
    {
        var starts = events.Where(e => e.Type == EventTypes.ParticipationStarted && e.SubjectId is not null).Select(e => e.SubjectId!).Distinct().ToArray();
        if (starts.Length == 0) return [];
        var completed = await db.Events.AsNoTracking()
            .Where(e => e.Type == EventTypes.ParticipationCompleted && starts.Contains(e.SubjectId))
            .Select(e => e.SubjectId!).ToListAsync(ct);
        var sent = await db.Deliveries.AsNoTracking()
            .Where(d => d.IntegrationId == integrationId && d.EventType == EventTypes.ParticipationStarted && starts.Contains(d.SubjectId))
            .Select(d => d.SubjectId!).ToListAsync(ct);
        return completed.Concat(sent).ToHashSet(StringComparer.Ordinal);
    }

    internal static Task<HashSet<string>> SettledParticipationsAsync(AppDbContext db, string integrationId, IEnumerable<(string Type, string? SubjectId)> events, CancellationToken ct) =>
        SettledParticipationsAsync(db, integrationId, events.Select(e => new Candidate("", e.Type, e.SubjectId)), ct);

    /// <summary>As ingest checks them: an event whose campaign, website or program was deleted since is not sent.</summary>
    private static bool SourcesExist(ReferenceData reference, string? websiteId, string? campaignId, string? programId) =>
        (websiteId is null || reference.Websites.ContainsKey(websiteId))
        && (campaignId is null || reference.Campaigns.ContainsKey(campaignId))
        && (programId is null || reference.Programs.ContainsKey(programId));
}
