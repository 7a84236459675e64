using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>The per-integration cap on its own: who waits, and who gets a freed slot.</summary>
[Trait("Lane", "Unit")]
public class IntegrationThrottleTests
{
    private readonly IntegrationThrottle throttle = new(new DeliveryOptions { MaxConcurrencyPerIntegration = 1 });
    private static DeliveryClaim Claim(string id, bool due = false) => new(id, DateTimeOffset.UtcNow.AddMinutes(1), Due: due);

    [Fact]
    public void Over_the_cap_claims_wait_and_a_freed_slot_goes_to_a_retry_before_first_attempts()
    {
        Assert.True(throttle.TryEnter("int_a", Claim("dlv_1")));
        Assert.False(throttle.TryEnter("int_a", Claim("dlv_fresh_1")));
        Assert.False(throttle.TryEnter("int_a", Claim("dlv_fresh_2")));
        Assert.False(throttle.TryEnter("int_a", Claim("dlv_retry", due: true)));
        // Another integration has its own cap.
        Assert.True(throttle.TryEnter("int_b", Claim("dlv_b")));

        Assert.Equal("dlv_retry", throttle.Exit("int_a")?.DeliveryId);
        Assert.Equal("dlv_fresh_1", throttle.Exit("int_a")?.DeliveryId);
        Assert.Equal("dlv_fresh_2", throttle.Exit("int_a")?.DeliveryId);
        Assert.Null(throttle.Exit("int_a"));
        // The slot is free again.
        Assert.True(throttle.TryEnter("int_a", Claim("dlv_3")));
    }
}
