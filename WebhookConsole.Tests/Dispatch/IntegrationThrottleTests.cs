using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>The per-integration cap and the slow integrations' shared budget on their own: who waits, and who gets a freed slot.</summary>
[Trait("Lane", "Unit")]
public class IntegrationThrottleTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(30);
    private static DeliveryClaim Claim(string id, bool due = false) => new(id, DateTimeOffset.UtcNow.AddMinutes(1), Due: due);

    [Fact]
    public void Over_the_cap_claims_wait_and_a_freed_slot_goes_to_a_retry_before_first_attempts()
    {
        var throttle = new IntegrationThrottle(new DeliveryOptions { MaxConcurrencyPerIntegration = 1 });
        Assert.Equal(Admission.Run, throttle.TryEnter("int_a", Claim("dlv_1")));
        Assert.Equal(Admission.Parked, throttle.TryEnter("int_a", Claim("dlv_fresh_1")));
        Assert.Equal(Admission.Parked, throttle.TryEnter("int_a", Claim("dlv_fresh_2")));
        Assert.Equal(Admission.Parked, throttle.TryEnter("int_a", Claim("dlv_retry", due: true)));
        // Another integration has its own cap.
        Assert.Equal(Admission.Run, throttle.TryEnter("int_b", Claim("dlv_b")));

        Assert.Equal(["dlv_retry"], Ids(throttle.Exit("int_a", false, Quick, answered: true)));
        Assert.Equal(["dlv_fresh_1"], Ids(throttle.Exit("int_a", false, Quick, answered: true)));
        var last = Assert.Single(throttle.Exit("int_a", false, Quick, answered: true)!);
        Assert.Equal(("dlv_fresh_2", "int_a", false), (last.DeliveryId, last.SlotOf, last.Detach));
        Assert.Null(throttle.Exit("int_a", false, Quick, answered: true));
        // The slot is free again.
        Assert.Equal(Admission.Run, throttle.TryEnter("int_a", Claim("dlv_3")));
    }

    [Fact]
    public void A_hanging_integration_runs_detached_at_its_small_cap_and_slow_ones_share_one_budget_in_turn()
    {
        var throttle = new IntegrationThrottle(new DeliveryOptions { MaxConcurrencyPerIntegration = 8, SlowIntegrationConcurrency = 1, MaxSlowInFlight = 2 });
        // Three integrations hang: each attempt leaves its worker, then times out without an answer.
        foreach (var id in new[] { "int_a", "int_b", "int_c" })
        {
            Assert.Equal(Admission.Run, throttle.TryEnter(id, Claim($"dlv_{id}_0")));
            throttle.Detach(id);
            Assert.Null(throttle.Exit(id, wasDetached: true, Slow, answered: false));
        }
        Assert.Equal(0, throttle.DetachedInFlight);

        // From now on their attempts start detached, one per integration, two in all.
        Assert.Equal(Admission.Detached, throttle.TryEnter("int_a", Claim("dlv_a1")));
        Assert.Equal(Admission.Parked, throttle.TryEnter("int_a", Claim("dlv_a2"))); // its cap of one
        Assert.Equal(Admission.Detached, throttle.TryEnter("int_b", Claim("dlv_b1")));
        Assert.Equal(Admission.Parked, throttle.TryEnter("int_c", Claim("dlv_c1"))); // the budget of two
        Assert.Equal(2, throttle.DetachedInFlight);
        // A healthy integration is not held back by any of it.
        Assert.Equal(Admission.Run, throttle.TryEnter("int_ok", Claim("dlv_ok")));

        // int_a's attempt ends: the freed budget goes to int_c, which waited for it, before int_a's own backlog.
        var handed = throttle.Exit("int_a", wasDetached: true, Slow, answered: false);
        Assert.Equal(["dlv_c1"], Ids(handed));
        Assert.True(handed![0].Detach);
        Assert.Equal(["dlv_a2"], Ids(throttle.Exit("int_b", wasDetached: true, Slow, answered: false)));
        Assert.Equal(2, throttle.DetachedInFlight);
    }

    [Fact]
    public void An_integration_that_answers_quickly_again_gets_its_full_cap_back()
    {
        var throttle = new IntegrationThrottle(new DeliveryOptions { MaxConcurrencyPerIntegration = 3, SlowIntegrationConcurrency = 1, MaxSlowInFlight = 10 });
        Assert.Equal(Admission.Run, throttle.TryEnter("int_a", Claim("dlv_0")));
        throttle.Detach("int_a");
        Assert.Null(throttle.Exit("int_a", wasDetached: true, Slow, answered: false));
        Assert.Equal(Admission.Detached, throttle.TryEnter("int_a", Claim("dlv_1")));
        for (var i = 2; i < 6; i++) Assert.Equal(Admission.Parked, throttle.TryEnter("int_a", Claim($"dlv_{i}")));

        // A quick answer: the integration is healthy again, and three parked claims start at once, each holding a worker.
        var handed = throttle.Exit("int_a", wasDetached: true, Quick, answered: true);
        Assert.Equal(["dlv_2", "dlv_3", "dlv_4"], Ids(handed));
        Assert.All(handed!, c => Assert.False(c.Detach));
        Assert.Equal(0, throttle.DetachedInFlight);
    }

    private static List<string> Ids(List<DeliveryClaim>? claims) => claims?.Select(c => c.DeliveryId).ToList() ?? [];
}
