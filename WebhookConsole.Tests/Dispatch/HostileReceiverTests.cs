using System.Text;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Dispatch;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// Receivers that break HTTP after the request went out: every such answer is a failed attempt with its error recorded,
/// retried on the schedule, then failed, and then nothing more is sent (no endless re-sending of an unrecorded attempt).
/// </summary>
[Trait("Lane", "Integration")]
public class HostileReceiverTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new ConsoleFactory()
        .With("Delivery:AllowPrivateNetworks", "true")
        .With("Delivery:RetrySchedule", "200ms,200ms,200ms,200ms,200ms,200ms,200ms")
        .With("Delivery:Jitter", "0")
        .With("Delivery:SweepInterval", "00:00:00.250");
    private readonly RawReceiver receiver = new();

    public Task InitializeAsync()
    {
        _ = factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    public static TheoryData<string, string, bool, string> Answers => new()
    {
        { "a 200 that promises 1000 bytes and closes after 7", "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: text/plain\r\n\r\npartial", false, "error:" },
        { "a 200 reset mid-body", "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + new string('x', 100), true, "error:" },
        { "a garbage status line", "HTTP/1.1 abc what\r\n\r\n", false, "error:" },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task A_broken_answer_is_a_recorded_failed_attempt_retried_on_schedule_then_failed_then_silence(string what, string raw, bool reset, string errorPrefix)
    {
        receiver.Response = Encoding.ASCII.GetBytes(raw);
        receiver.ResetAfterResponse = reset;
        var integration = await factory.AddIntegrationAsync(receiver.Url);
        var delivery = await factory.AddDeliveryAsync(integration);

        var failed = await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Failed, TimeSpan.FromSeconds(30));
        var attempts = await factory.AttemptsAsync(delivery.Id);
        Assert.Equal(8, failed.AttemptCount);
        Assert.Equal(Enumerable.Range(1, 8), attempts.Select(a => a.Number));
        Assert.All(attempts, a => Assert.StartsWith(errorPrefix, a.Error));
        // On schedule: 200 ms apart (the due sweep wakes at the recorded time), never a burst and never a stall.
        var gaps = attempts.Zip(attempts.Skip(1), (a, b) => (b.StartedAt - a.StartedAt).TotalMilliseconds).ToList();
        Assert.All(gaps, gap => Assert.InRange(gap, 150, 1500));

        // Then silence: nothing re-sends a failed delivery (the old defect re-sent it every minute without end):
        // not the due sweep, and not the minutely reconciler, both run by hand now.
        await factory.SweepAfterAsync(DateTimeOffset.UtcNow);
        Assert.Equal(0, await factory.Services.GetRequiredService<DeliveryReconciler>().RunAsync(default));
        await factory.WaitForAllAtRestAsync();
        Assert.True(receiver.Requests.Count == 8, $"{what}: the receiver got {receiver.Requests.Count} requests, expected 8");
        Assert.Equal(8, (await factory.AttemptsAsync(delivery.Id)).Count);
    }
}
