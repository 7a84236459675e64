using System.Text.Json;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest.Payloads;
using WebhookConsole.Integrations;
using WebhookConsole.MappingVariables;
using WebhookConsole.Sources;

namespace WebhookConsole.Ingest;

/// <summary>An event about to be stored, with the sources its payloads describe.</summary>
public sealed record PlannedEvent(WebhookEvent Event, ParticipationData? Participation, Campaign? Campaign, Website? Website, LoyaltyProgram? Program);

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
/// Turns one routed event into deliveries (SPEC §4, seed 004). Payload bytes are fixed here, at creation.
/// <list type="bullet">
/// <item>`participation.completed`: one COMPLETED delivery per integration, held back by its `delaySeconds`
/// (`scheduled` until then, otherwise `pending` now). INCOMPLETE deliveries of the same participation that are not
/// yet due are withdrawn (deleted: they never ran); ones already due or sent stay, so the receiver gets both.</item>
/// <item>`participation.started`: for integrations that send incomplete participations, a `scheduled` INCOMPLETE
/// delivery due at startedAt + incomplete delay — unless the participation already completed.</item>
/// <item>loyalty: one delivery per integration whose payload is an array holding the event.</item>
/// </list>
/// </summary>
public static class DeliveryPlanner
{
    public static void Plan(PlannedEvent planned, IReadOnlyList<Integration> targets, IReadOnlyList<MappingVariable> variables,
        ParticipationLedger ledger, DateTimeOffset now, TimeProvider time, List<Delivery> add, List<Delivery> remove)
    {
        var e = planned.Event;
        if (e.Type == EventTypes.ParticipationCompleted)
        {
            var data = planned.Participation! with { CompletedAt = planned.Participation!.CompletedAt ?? e.OccurredAt };
            ledger.Completed.Add(data.Id);
            var waiting = ledger.IncompleteOf(data.Id);
            foreach (var incomplete in waiting.Where(IsWithdrawable(now)).ToList())
            {
                waiting.Remove(incomplete);
                if (!add.Remove(incomplete)) remove.Add(incomplete);
            }
            foreach (var integration in targets)
            {
                var payload = ParticipationPayloads.Build(integration.PayloadVersion, data, ParticipationStates.Completed,
                    planned.Campaign!, planned.Website!, Options(integration), variables);
                var due = integration.DelaySeconds > 0 ? now.AddSeconds(integration.DelaySeconds) : (DateTimeOffset?)null;
                add.Add(New(e, integration, payload, now, due, time));
            }
        }
        else if (e.Type == EventTypes.ParticipationStarted)
        {
            var data = planned.Participation! with { StartedAt = planned.Participation!.StartedAt ?? e.OccurredAt, CompletedAt = null };
            if (ledger.Completed.Contains(data.Id)) return;
            var waiting = ledger.IncompleteOf(data.Id);
            foreach (var integration in targets.Where(i => i.IncompleteSend))
            {
                if (waiting.Any(d => d.IntegrationId == integration.Id)) continue; // the same start reported twice
                var payload = ParticipationPayloads.Build(integration.PayloadVersion, data, ParticipationStates.Incomplete,
                    planned.Campaign!, planned.Website!, Options(integration), variables);
                var due = data.StartedAt!.Value.AddMinutes(Math.Max(0, integration.IncompleteDelayMinutes));
                var delivery = New(e, integration, payload, now, due, time);
                add.Add(delivery);
                waiting.Add(delivery);
            }
        }
        else
        {
            using var data = JsonDocument.Parse(e.Data);
            var view = new LoyaltyEventView(e.Id, e.Type, e.OccurredAt, planned.Program!.Id, planned.Program.Name, data.RootElement);
            var payload = LoyaltyPayloads.Build([view]);
            foreach (var integration in targets) add.Add(New(e, integration, payload, now, null, time));
        }
    }

    /// <summary>An INCOMPLETE delivery that has not run and is not yet due can still be withdrawn.</summary>
    public static Func<Delivery, bool> IsWithdrawable(DateTimeOffset now) =>
        d => d.Status == DeliveryStatus.Scheduled && d.AttemptCount == 0 && d.NextAttemptAt > now;

    /// <summary>`scheduled` until <paramref name="due"/> when that lies ahead, otherwise `pending` now; `skipped` for an inactive integration.</summary>
    private static Delivery New(WebhookEvent e, Integration integration, byte[] payload, DateTimeOffset now, DateTimeOffset? due, TimeProvider time)
    {
        var delivery = NewWaiting(e, integration, payload, now, due, time);
        if (!integration.Active) DeliveryLifecycle.Skip(delivery, now);
        return delivery;
    }

    private static Delivery NewWaiting(WebhookEvent e, Integration integration, byte[] payload, DateTimeOffset now, DateTimeOffset? due, TimeProvider time)
    {
        var later = due is { } d && d > now;
        return new Delivery
        {
            Id = Ids.New("dlv", time),
            EventId = e.Id,
            EventType = e.Type,
            IntegrationId = integration.Id,
            SubjectId = e.SubjectId,
            Status = later ? DeliveryStatus.Scheduled : DeliveryStatus.Pending,
            NextAttemptAt = later ? due : now,
            CreatedAt = now,
            UpdatedAt = now,
            MessageId = Ids.New("msg", time),
            Payload = payload,
        };
    }

    private static ParticipationPayloadOptions Options(Integration i) => new(i.SendAnswers, i.SendLeads);
}
