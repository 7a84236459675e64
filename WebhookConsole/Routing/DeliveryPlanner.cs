using System.Text.Json;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing.Participations;
using WebhookConsole.Routing.Payloads;
using WebhookConsole.Sources;

namespace WebhookConsole.Routing;

/// <summary>An event about to be stored, with the sources its payloads describe.</summary>
/// <param name="ParsedData">The event's `data` while the request's document is open (see <see cref="IncomingEvent.ParsedData"/>).</param>
public sealed record PlannedEvent(WebhookEvent Event, ParticipationData? Participation, Campaign? Campaign, Website? Website, LoyaltyProgram? Program,
    JsonElement? ParsedData = null)
{
    /// <summary>The event's `data`: the request's own parse when there is one, otherwise the stored text parsed now (dispose it).</summary>
    public (JsonElement Data, JsonDocument? Parsed) Data()
    {
        if (ParsedData is { } parsed) return (parsed, null);
        var document = JsonDocument.Parse(Event.Data);
        return (document.RootElement, document);
    }
}

/// <summary>
/// What the events of one request know about participations: which completed (stored or earlier in the request), and
/// the INCOMPLETE deliveries waiting for them (stored ones are tracked entities; planned ones are not yet saved).
/// </summary>
public sealed class ParticipationLedger
{
    public HashSet<string> Completed { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, List<Delivery>> Incomplete { get; } = new(StringComparer.Ordinal);

    public List<Delivery> IncompleteOf(string participationId) =>
        Incomplete.TryGetValue(participationId, out var list) ? list : Incomplete[participationId] = [];
}

/// <summary>
/// Turns one routed event into deliveries (routing and Poltio's delays; docs/decisions.md). Payload bytes are fixed here, at creation.
/// <list type="bullet">
/// <item>`participation.completed`: one COMPLETED delivery per integration, held back until completion + its
/// `delaySeconds` (Poltio's delay counts from when the set was finished, not from when we heard of it): `scheduled`
/// until then, otherwise `pending` now. INCOMPLETE deliveries of the same participation that are not yet due are
/// withdrawn (deleted: they never ran); ones already due or retrying are superseded; ones sent stay, so the receiver
/// gets both and ends on COMPLETED.</item>
/// <item>`participation.started`: for integrations that send incomplete participations, a `scheduled` INCOMPLETE
/// delivery due at startedAt + the incomplete delay in seconds — unless the participation already completed.</item>
/// <item>`participation.updated`: no delivery of its own. Each INCOMPLETE delivery of the participation still waiting for
/// its due time (never attempted, not claimed) is rendered again from this latest state, so what goes out when it comes
/// due is what was known by then (Poltio: "votes up till N seconds after your visitor starts").</item>
/// <item>loyalty: one delivery per integration whose payload is an array holding the event.</item>
/// </list>
/// </summary>
public static class DeliveryPlanner
{
    /// <summary>
    /// The payload each receiver would get, keyed by integration id: rendered before the writer's transaction. A start
    /// renders only for integrations that send incomplete participations.
    /// </summary>
    public static Dictionary<string, byte[]> Render(PlannedEvent planned, IReadOnlyList<Integration> receivers, MappingVariableNames variables, DateTimeOffset now)
    {
        var payloads = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var e = planned.Event;
        // An update renders only when it meets a waiting INCOMPLETE (RenderIncomplete, while planning).
        if (receivers.Count == 0 || e.Type == EventTypes.ParticipationUpdated) return payloads;
        if (e.Type is EventTypes.ParticipationCompleted or EventTypes.ParticipationStarted)
        {
            var completed = e.Type == EventTypes.ParticipationCompleted;
            var data = completed
                ? planned.Participation! with { CompletedAt = planned.Participation!.CompletedAt ?? e.OccurredAt }
                : planned.Participation! with { StartedAt = planned.Participation!.StartedAt ?? e.OccurredAt, CompletedAt = null };
            var (raw, parsed) = planned.Data();
            using (parsed)
                foreach (var integration in receivers.Where(i => completed || i.IncompleteSend))
                    payloads[integration.Id] = Build(planned, data, raw, completed ? ParticipationStates.Completed : ParticipationStates.Incomplete, integration, variables, now);
        }
        else
        {
            var (data, parsed) = planned.Data();
            using (parsed)
            {
                var payload = LoyaltyPayloads.Build([new LoyaltyEventView(e.Id, e.Type, e.OccurredAt, planned.Program!.Id, planned.Program.Name, data)]);
                foreach (var integration in receivers) payloads[integration.Id] = payload;
            }
        }
        return payloads;
    }

    /// <summary>
    /// The INCOMPLETE payload of a participation as <paramref name="planned"/> (a `participation.updated`) knows it; a
    /// start time it leaves out is the one the waiting delivery was scheduled from.
    /// </summary>
    public static byte[] RenderIncomplete(PlannedEvent planned, Integration integration, MappingVariableNames variables, DateTimeOffset startedAt, DateTimeOffset now)
    {
        var data = planned.Participation! with { StartedAt = planned.Participation!.StartedAt ?? startedAt, CompletedAt = null };
        var (raw, parsed) = planned.Data();
        using (parsed) return Build(planned, data, raw, ParticipationStates.Incomplete, integration, variables, now);
    }

    private static byte[] Build(PlannedEvent planned, ParticipationData data, JsonElement raw, string state, Integration integration, MappingVariableNames variables, DateTimeOffset now) =>
        ParticipationPayloads.Build(integration.PayloadVersion, new ParticipationView(data, raw, state, planned.Campaign!, planned.Website!), Options(integration), variables, now);

    /// <summary>Decides the deliveries of one routed event against the ledger; payloads come rendered (<see cref="Render"/>).</summary>
    public static void Plan(RoutedEvent routed, ParticipationLedger ledger, DateTimeOffset now, TimeProvider time, DeliveryPlan plan)
    {
        var (planned, targets, payloads) = (routed.Planned, routed.Receivers, routed.Payloads);
        var e = planned.Event;
        if (e.Type == EventTypes.ParticipationCompleted)
        {
            var data = planned.Participation! with { CompletedAt = planned.Participation!.CompletedAt ?? e.OccurredAt };
            ledger.Completed.Add(data.Id);
            var waiting = ledger.IncompleteOf(data.Id);
            foreach (var incomplete in waiting.ToList())
            {
                if (plan.Add.Remove(incomplete)) waiting.Remove(incomplete); // planned earlier in this request: never stored
                else if (IsWithdrawable(now)(incomplete))
                {
                    waiting.Remove(incomplete);
                    plan.Remove.Add(incomplete);
                }
                else if (IsSupersedable(incomplete))
                {
                    waiting.Remove(incomplete);
                    plan.Supersede.Add(incomplete);
                }
            }
            foreach (var integration in targets)
            {
                var due = integration.DelaySeconds > 0 ? data.CompletedAt!.Value.AddSeconds(integration.DelaySeconds) : (DateTimeOffset?)null;
                plan.Add.Add(New(e, integration, payloads[integration.Id], now, due, time));
            }
        }
        else if (e.Type == EventTypes.ParticipationStarted)
        {
            var startedAt = planned.Participation!.StartedAt ?? e.OccurredAt;
            if (ledger.Completed.Contains(planned.Participation.Id)) return;
            var waiting = ledger.IncompleteOf(planned.Participation.Id);
            // The same start reported twice schedules nothing new.
            foreach (var integration in targets.Where(i => i.IncompleteSend && !waiting.Any(d => d.IntegrationId == i.Id)).ToList())
            {
                var due = startedAt.AddSeconds(Math.Max(0, integration.IncompleteDelaySeconds));
                var delivery = New(e, integration, payloads[integration.Id], now, due, time);
                plan.Add.Add(delivery);
                waiting.Add(delivery);
            }
        }
        else if (e.Type == EventTypes.ParticipationUpdated)
        {
            Refresh(routed, ledger, now, plan);
        }
        else
        {
            foreach (var integration in targets) plan.Add.Add(New(e, integration, payloads[integration.Id], now, null, time));
        }
    }

    /// <summary>An update re-renders the waiting INCOMPLETE deliveries of its participation for the integrations it is routed to.</summary>
    private static void Refresh(RoutedEvent routed, ParticipationLedger ledger, DateTimeOffset now, DeliveryPlan plan)
    {
        var id = routed.Planned.Participation!.Id;
        if (ledger.Completed.Contains(id) || routed.RenderIncomplete is null) return;
        var receivers = routed.Receivers.Where(i => i.IncompleteSend).ToDictionary(i => i.Id, StringComparer.Ordinal);
        foreach (var waiting in ledger.IncompleteOf(id))
        {
            if (!IsWithdrawable(now)(waiting) || waiting.LeaseOwner is not null || !receivers.TryGetValue(waiting.IntegrationId, out var integration)) continue;
            var startedAt = waiting.NextAttemptAt!.Value.AddSeconds(-Math.Max(0, integration.IncompleteDelaySeconds));
            var payload = routed.RenderIncomplete(integration, startedAt);
            // Planned earlier in this request: not stored yet, so the insert takes the new bytes. Stored: a guarded update.
            if (plan.Add.Contains(waiting)) waiting.RefreshPayload(payload);
            else plan.Refresh.Add((waiting.Id, payload));
        }
    }

    /// <summary>An INCOMPLETE delivery that has not run and is not yet due can still be withdrawn.</summary>
    public static Func<Delivery, bool> IsWithdrawable(DateTimeOffset now) =>
        d => d.Status == DeliveryStatus.Scheduled && d.AttemptCount == 0 && d.NextAttemptAt > now;

    /// <summary>An INCOMPLETE delivery still on its way (due, in the queue or retrying) is superseded by the completion.</summary>
    public static bool IsSupersedable(Delivery d) => DeliveryOutbox.CanBeSuperseded(d.Status);

    /// <summary>`scheduled` until <paramref name="due"/> when that lies ahead, otherwise `pending` now; `skipped` for an inactive integration.</summary>
    private static Delivery New(WebhookEvent e, Integration integration, byte[] payload, DateTimeOffset now, DateTimeOffset? due, TimeProvider time)
    {
        var delivery = NewWaiting(e, integration, payload, now, due, time);
        if (!IntegrationStates.Sends(integration))
            DeliveryLifecycle.Skip(delivery, now, integration.BlockedAt is null ? DeliveryLifecycle.InactiveReason : DeliveryLifecycle.BlockedReason);
        return delivery;
    }

    private static Delivery NewWaiting(WebhookEvent e, Integration integration, byte[] payload, DateTimeOffset now, DateTimeOffset? due, TimeProvider time) =>
        NewWaiting(Ids.New("dlv", time), e, integration, payload, now, due);

    // The webhook-id is derived from the delivery id, so a search by webhook-id is a primary-key lookup.
    private static Delivery NewWaiting(string id, WebhookEvent e, Integration integration, byte[] payload, DateTimeOffset now, DateTimeOffset? due) =>
        Delivery.NewWaiting(new DeliveryKey(id, DeliveryMessageIds.For(id), e.Id, e.Type, integration.Id, e.SubjectId), payload, now, due);

    private static ParticipationPayloadOptions Options(Integration i) => new(i.SendAnswers, i.SendLeads);
}
