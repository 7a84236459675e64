using Microsoft.EntityFrameworkCore;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;

namespace WebhookConsole.Backfill;

/// <summary>
/// Picks a backfill's events: received in the window (event ids are time-ordered, so the window is an id range on the
/// primary key), of the chosen types, routed to the integration by the push rules in force now, and never delivered to
/// it in any form (no delivery of the event to it at all, so a rerun or a second backfill picks nothing twice). A start
/// counts only for an integration that sends incomplete participations and only while the participation never completed.
/// </summary>
public sealed class BackfillSelector(IDbContextFactory<AppDbContext> dbFactory, ReferenceDataCache referenceData)
{
    private const int PageSize = 2000;

    /// <summary>The selected event ids, oldest first: the newest <see cref="BackfillWindow.Limit"/> of the window.</summary>
    public async Task<List<string>> SelectAsync(BackfillWindow window, CancellationToken ct)
    {
        var reference = await referenceData.GetAsync(ct);
        if (!reference.Integrations.TryGetValue(window.IntegrationId, out var integration)) return [];
        // Only this integration is looked up: routing is a pure function of the rules, so the others do not matter here.
        var only = new Dictionary<string, Integration>(StringComparer.Ordinal) { [integration.Id] = integration };
        var types = window.EventTypes.ToArray();
        var low = Ids.MinAt("evt", window.From);
        var high = Ids.MinAt("evt", window.To);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var selected = new List<string>();
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

            var routed = page.Where(e => PushRuleResolver.Resolve(new RoutingSubject(e.Type, e.WebsiteId, e.CampaignId, e.ProgramId), reference.Rules, only)
                .Targets.Count > 0).ToList();
            var starts = routed.Where(e => e.Type == EventTypes.ParticipationStarted).Select(e => e.SubjectId).Distinct().ToArray();
            var completed = starts.Length == 0 || !integration.IncompleteSend
                ? new HashSet<string>()
                : (await db.Events.AsNoTracking().Where(e => e.Type == EventTypes.ParticipationCompleted && starts.Contains(e.SubjectId))
                    .Select(e => e.SubjectId!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            foreach (var e in routed)
            {
                if (e.Type == EventTypes.ParticipationStarted && (!integration.IncompleteSend || completed.Contains(e.SubjectId!))) continue;
                selected.Add(e.Id);
                if (selected.Count == window.Limit) break;
            }
        }
        selected.Reverse();
        return selected;
    }
}
