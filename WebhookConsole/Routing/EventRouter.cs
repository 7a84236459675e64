using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.PushRules;
using WebhookConsole.Routing.Payloads;

namespace WebhookConsole.Routing;

/// <summary>An event routed and rendered, ready to store: its row (id fixed), sources, routing, receivers and the payload each gets.</summary>
/// <param name="RenderIncomplete">For a `participation.updated`: the INCOMPLETE payload for an integration, given the start
/// the waiting delivery was scheduled from (used when the update does not say).</param>
public sealed record RoutedEvent(PlannedEvent Planned, RouteDecision Route, IReadOnlyList<Integration> Receivers, IReadOnlyDictionary<string, byte[]> Payloads,
    Func<Integration, DateTimeOffset, byte[]>? RenderIncomplete = null)
{
    public WebhookEvent Event => Planned.Event;
}

/// <summary>
/// The routing context ingest and the push-rule preview share: the sources the events name, the rules and integrations,
/// the mapping variables. It routes an event and renders every payload before anything is stored, so the writer's
/// transaction only decides what to insert (the ledger of a participation) and holds its lock for no JSON work.
/// </summary>
public sealed class EventRouter(SourceSet sources, IReadOnlyList<PushRule> rules, IReadOnlyDictionary<string, Integration> integrations, MappingVariableNames variables)
{
    /// <summary>Subjects whose decisions one reference snapshot keeps; past this many, each router keeps its own.</summary>
    private const int MaxSharedDecisions = 10_000;

    /// <summary>
    /// Decisions shared by every router over the same reference snapshot and its own rules. A decision depends only on the
    /// subject, the rules and the integrations, all fixed in a snapshot, and any change to them brings a new snapshot; so a
    /// single-event request no longer resolves the rules again, nor allocates a router's table, for a subject seen before.
    /// </summary>
    private static readonly ConditionalWeakTable<ReferenceData, ConcurrentDictionary<RoutingSubject, (RouteDecision Route, IReadOnlyList<Integration> Receivers)>> Shared = new();

    /// <summary>The context for <paramref name="incoming"/> from the cached reference data; unknown sources are added to <paramref name="errors"/>.</summary>
    public static EventRouter For(ReferenceData reference, IReadOnlyList<IncomingEvent> incoming, FieldErrors errors, IReadOnlyList<PushRule>? rules = null)
    {
        var sources = SourceSet.Check(reference, incoming, errors);
        var variables = MappingVariableNames.None;
        foreach (var e in incoming)
            if (e.Participation is not null)
            {
                variables = new MappingVariableNames(reference.Variables);
                break;
            }
        return new EventRouter(sources, rules ?? reference.Rules, reference.Integrations, variables)
        {
            // Other rules (the push-rule preview's draft) decide differently: those stay with their router.
            decisions = rules is null ? Shared.GetValue(reference, _ => new()) : new(),
        };
    }

    /// <summary>Each subject's decision, resolved once per router (a batch's events mostly share their type and source), or once per snapshot.</summary>
    private ConcurrentDictionary<RoutingSubject, (RouteDecision Route, IReadOnlyList<Integration> Receivers)>? decisions;

    /// <summary>This router's own decisions once the shared table is full, so a batch still resolves each subject once.</summary>
    private Dictionary<RoutingSubject, (RouteDecision Route, IReadOnlyList<Integration> Receivers)>? overflow;

    private (RouteDecision Route, IReadOnlyList<Integration> Receivers) Resolve(RoutingSubject subject)
    {
        decisions ??= new();
        if (decisions.TryGetValue(subject, out var known)) return known;
        if (overflow is not null && overflow.TryGetValue(subject, out known)) return known;
        var route = PushRuleResolver.Resolve(subject, rules, integrations);
        // Inactive integrations keep the event as a skipped delivery (the planner marks it), replayable later.
        var receivers = route.Targets.Select(t => t.Integration).Concat(route.Skipped.Where(s => s.Inactive).Select(s => s.Integration!)).ToList();
        var decision = (route, (IReadOnlyList<Integration>)receivers);
        if (decisions.Count < MaxSharedDecisions) decisions.TryAdd(subject, decision);
        else (overflow ??= [])[subject] = decision;
        return decision;
    }

    /// <summary>Routes and renders one event as received at <paramref name="now"/>, under the id it will be stored with.</summary>
    public RoutedEvent Route(IncomingEvent item, string eventId, DateTimeOffset now)
    {
        var campaign = item.CampaignId is null ? null : sources.Campaigns[item.CampaignId];
        var website = campaign is null ? null : sources.Websites[campaign.WebsiteId];
        var program = item.ProgramId is null ? null : sources.Programs[item.ProgramId];
        var e = new WebhookEvent
        {
            Id = eventId,
            Type = item.Type,
            WebsiteId = website?.Id,
            CampaignId = campaign?.Id,
            ProgramId = program?.Id,
            SubjectId = item.SubjectId,
            OccurredAt = item.OccurredAt ?? now,
            ReceivedAt = now,
            Data = item.DataJson,
            IdempotencyKey = item.IdempotencyKey,
        };
        var (route, receivers) = Resolve(new RoutingSubject(e.Type, e.WebsiteId, e.CampaignId, e.ProgramId));
        var planned = new PlannedEvent(e, item.Participation, campaign, website, program, item.ParsedData);
        Func<Integration, DateTimeOffset, byte[]>? renderIncomplete = e.Type == EventTypes.ParticipationUpdated
            ? (integration, startedAt) => DeliveryPlanner.RenderIncomplete(planned, integration, variables, startedAt, now)
            : null;
        return new RoutedEvent(planned, route, receivers, DeliveryPlanner.Render(planned, receivers, variables, now), renderIncomplete);
    }
}
