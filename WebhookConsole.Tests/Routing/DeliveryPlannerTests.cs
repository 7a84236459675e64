using Microsoft.Extensions.Time.Testing;
using WebhookConsole.Dispatch;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.Routing;
using WebhookConsole.Routing.Participations;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Routing;

/// <summary>
/// The planner's decisions on a fake clock: when a new delivery is due (held back by a completion delay or an INCOMPLETE
/// delay, or pending now), and what a completion or an update does to INCOMPLETE deliveries already waiting.
/// </summary>
[Trait("Lane", "Unit")]
public class DeliveryPlannerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider clock = new(Start);

    private static Integration Receiver(string id, int delaySeconds = 0, bool incomplete = false, int incompleteDelaySeconds = 600, bool active = true) =>
        new() { Id = id, Name = id, Url = "http://127.0.0.1/" + id, Active = active, DelaySeconds = delaySeconds, IncompleteSend = incomplete, IncompleteDelaySeconds = incompleteDelaySeconds };

    private static PlannedEvent Event(string type, DateTimeOffset occurredAt, DateTimeOffset? startedAt = null, DateTimeOffset? completedAt = null, string participation = "p_1")
    {
        var e = new WebhookEvent { Id = "evt_" + type, Type = type, SubjectId = participation, OccurredAt = occurredAt, ReceivedAt = occurredAt };
        var data = new ParticipationData(participation, null, null, null, startedAt, completedAt, [], [], [], ParticipationResult.Empty);
        return new PlannedEvent(e, data, null, null, null);
    }

    private DeliveryPlan Plan(PlannedEvent planned, ParticipationLedger ledger, DeliveryPlan? plan = null, Func<Integration, DateTimeOffset, byte[]>? renderIncomplete = null, params Integration[] receivers)
    {
        plan ??= new DeliveryPlan();
        var payloads = receivers.ToDictionary(i => i.Id, i => new byte[] { (byte)i.Id[0] }, StringComparer.Ordinal);
        var routed = new RoutedEvent(planned, new RouteDecision(planned.Event.Type, null, [], [], []), receivers, payloads, renderIncomplete);
        DeliveryPlanner.Plan(routed, ledger, clock.GetUtcNow(), clock, plan);
        return plan;
    }

    private static Delivery StoredIncomplete(string id, DeliveryStatus status, DateTimeOffset due, int attempts = 0, string integrationId = "crm") =>
        Delivery.FromRow(new DeliveryRow { Id = id, EventId = "evt_started", EventType = EventTypes.ParticipationStarted, IntegrationId = integrationId, SubjectId = "p_1", Status = status, NextAttemptAt = due, AttemptCount = attempts });

    [Theory]
    [InlineData(30, 0, DeliveryStatus.Scheduled, 30)]  // the delay lies ahead: held back until completion + delay
    [InlineData(30, 29, DeliveryStatus.Scheduled, 30)] // one second left: still held back
    [InlineData(30, 30, DeliveryStatus.Pending, 30)]   // exactly due: pending now
    [InlineData(30, 45, DeliveryStatus.Pending, 45)]   // heard of late: pending now, not in the past
    [InlineData(0, 0, DeliveryStatus.Pending, 0)]      // no delay: pending now
    public void A_completion_is_held_back_until_completed_at_plus_the_delay(int delaySeconds, int secondsLater, DeliveryStatus status, int dueSeconds)
    {
        clock.Advance(TimeSpan.FromSeconds(secondsLater));
        var plan = Plan(Event(EventTypes.ParticipationCompleted, Start, completedAt: Start), new ParticipationLedger(), receivers: Receiver("crm", delaySeconds));

        var d = Assert.Single(plan.Add);
        Assert.Equal((status, Start.AddSeconds(dueSeconds)), (d.Status, d.NextAttemptAt!.Value));
        Assert.Equal(clock.GetUtcNow(), d.CreatedAt);
    }

    [Fact]
    public void A_completion_without_completed_at_counts_its_delay_from_when_it_occurred()
    {
        var occurred = Start.AddSeconds(-10);
        var plan = Plan(Event(EventTypes.ParticipationCompleted, occurred), new ParticipationLedger(), receivers: Receiver("crm", delaySeconds: 60));
        Assert.Equal(occurred.AddSeconds(60), Assert.Single(plan.Add).NextAttemptAt);
    }

    [Theory]
    [InlineData(0, DeliveryStatus.Scheduled, 600)]
    [InlineData(599, DeliveryStatus.Scheduled, 600)]
    [InlineData(601, DeliveryStatus.Pending, 601)] // the INCOMPLETE delay already passed: goes out now
    public void A_start_schedules_an_incomplete_at_started_at_plus_the_incomplete_delay(int secondsLater, DeliveryStatus status, int dueSeconds)
    {
        clock.Advance(TimeSpan.FromSeconds(secondsLater));
        var plan = Plan(Event(EventTypes.ParticipationStarted, Start, startedAt: Start), new ParticipationLedger(),
            receivers: [Receiver("crm", incomplete: true), Receiver("quiet")]);

        var d = Assert.Single(plan.Add); // the integration not sending incomplete participations gets nothing
        Assert.Equal(("crm", status, Start.AddSeconds(dueSeconds)), (d.IntegrationId, d.Status, d.NextAttemptAt!.Value));
    }

    [Fact]
    public void The_same_start_twice_or_a_start_after_the_completion_schedules_nothing_new()
    {
        var ledger = new ParticipationLedger();
        var crm = Receiver("crm", incomplete: true);
        var plan = Plan(Event(EventTypes.ParticipationStarted, Start, startedAt: Start), ledger, receivers: crm);
        Plan(Event(EventTypes.ParticipationStarted, Start, startedAt: Start), ledger, plan, receivers: crm);
        Assert.Single(plan.Add);

        var other = new ParticipationLedger();
        var late = Plan(Event(EventTypes.ParticipationCompleted, Start, completedAt: Start), other, receivers: crm);
        Plan(Event(EventTypes.ParticipationStarted, Start, startedAt: Start), other, late, receivers: crm);
        Assert.Equal([EventTypes.ParticipationCompleted], late.Add.Select(d => d.EventType));
    }

    [Fact]
    public void A_completion_in_the_same_request_drops_the_incomplete_planned_before_it()
    {
        var ledger = new ParticipationLedger();
        var crm = Receiver("crm", incomplete: true);
        var plan = Plan(Event(EventTypes.ParticipationStarted, Start, startedAt: Start), ledger, receivers: crm);
        Plan(Event(EventTypes.ParticipationCompleted, Start, completedAt: Start), ledger, plan, receivers: crm);

        Assert.Equal([EventTypes.ParticipationCompleted], plan.Add.Select(d => d.EventType));
        Assert.Empty(plan.Remove);
        Assert.Empty(ledger.IncompleteOf("p_1"));
    }

    [Fact]
    public void A_completion_withdraws_waiting_incompletes_supersedes_due_ones_and_leaves_sent_ones()
    {
        var ledger = new ParticipationLedger();
        var notDue = StoredIncomplete("dlv_wait", DeliveryStatus.Scheduled, Start.AddMinutes(5));
        var dueNow = StoredIncomplete("dlv_due", DeliveryStatus.Scheduled, Start);
        var retrying = StoredIncomplete("dlv_retry", DeliveryStatus.Retrying, Start.AddMinutes(5), attempts: 1);
        var sent = StoredIncomplete("dlv_sent", DeliveryStatus.Succeeded, Start.AddMinutes(-1), attempts: 1);
        ledger.IncompleteOf("p_1").AddRange([notDue, dueNow, retrying, sent]);

        var plan = Plan(Event(EventTypes.ParticipationCompleted, Start, completedAt: Start), ledger, receivers: Receiver("crm"));

        Assert.Equal(["dlv_wait"], plan.Remove.Select(d => d.Id));
        Assert.Equal(["dlv_due", "dlv_retry"], plan.Supersede.Select(d => d.Id));
        Assert.Equal(["dlv_sent"], ledger.IncompleteOf("p_1").Select(d => d.Id));
    }

    [Fact]
    public void The_same_waiting_incomplete_is_withdrawn_before_its_due_time_and_superseded_after_it()
    {
        var due = Start.AddMinutes(10);
        Assert.True(DeliveryPlanner.IsWithdrawable(clock.GetUtcNow())(StoredIncomplete("d", DeliveryStatus.Scheduled, due)));
        clock.Advance(TimeSpan.FromMinutes(10));

        var ledger = new ParticipationLedger();
        ledger.IncompleteOf("p_1").Add(StoredIncomplete("d", DeliveryStatus.Scheduled, due));
        var plan = Plan(Event(EventTypes.ParticipationCompleted, Start, completedAt: Start), ledger, receivers: Receiver("crm"));

        Assert.Empty(plan.Remove);
        Assert.Equal(["d"], plan.Supersede.Select(d => d.Id));
    }

    [Fact]
    public void An_update_re_renders_only_incompletes_still_waiting_and_unclaimed_from_their_start_time()
    {
        var crm = Receiver("crm", incomplete: true, incompleteDelaySeconds: 600);
        var ledger = new ParticipationLedger();
        var waiting = StoredIncomplete("dlv_wait", DeliveryStatus.Scheduled, Start.AddMinutes(7));
        var claimed = StoredIncomplete("dlv_claimed", DeliveryStatus.Scheduled, Start.AddMinutes(8));
        claimed = claimed.With(row => row with { LeaseOwner = "node-b" });
        var due = StoredIncomplete("dlv_due", DeliveryStatus.Scheduled, Start);
        var otherReceiver = StoredIncomplete("dlv_other", DeliveryStatus.Scheduled, Start.AddMinutes(9), integrationId: "gone");
        ledger.IncompleteOf("p_1").AddRange([waiting, claimed, due, otherReceiver]);
        var startedAts = new List<DateTimeOffset>();

        var plan = Plan(Event(EventTypes.ParticipationUpdated, Start), ledger, renderIncomplete: (i, startedAt) =>
        {
            startedAts.Add(startedAt);
            return [7];
        }, receivers: crm);

        var (id, payload) = Assert.Single(plan.Refresh);
        Assert.Equal("dlv_wait", id);
        Assert.Equal([7], payload);
        Assert.Equal([Start.AddMinutes(7).AddSeconds(-600)], startedAts); // due time minus the INCOMPLETE delay
        Assert.Empty(plan.Add);

        clock.Advance(TimeSpan.FromMinutes(7)); // now the waiting one is due: the update leaves it as it was
        Assert.Empty(Plan(Event(EventTypes.ParticipationUpdated, Start), ledger, renderIncomplete: (_, _) => [8], receivers: crm).Refresh);
    }

    [Fact]
    public void An_inactive_integration_gets_a_skipped_delivery_now()
    {
        var plan = Plan(Event(EventTypes.ParticipationCompleted, Start, completedAt: Start), new ParticipationLedger(), receivers: Receiver("off", delaySeconds: 30, active: false));
        var d = Assert.Single(plan.Add);
        Assert.Equal(DeliveryStatus.Skipped, d.Status);
    }
}
