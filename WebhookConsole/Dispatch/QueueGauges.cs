using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Observability;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Queue depths, read when Prometheus scrapes: the ready queue and parked claims from this node's memory, and the
/// deliveries waiting in the database (with the age of the oldest one already due, the dispatcher's lag), read at most
/// every few seconds whatever the scrape rate.
/// </summary>
public sealed class QueueGauges : IHostedService, IDisposable
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);
    private readonly IDbContextFactory<AppDbContext> dbFactory;
    private readonly TimeProvider time;
    private readonly Meter meter;
    private readonly Lock sampling = new();
    private (long Waiting, double OldestDueSeconds, DateTimeOffset At)? sample;

    public QueueGauges(IMeterFactory meters, DeliveryScheduler scheduler, IntegrationThrottle throttle, IDbContextFactory<AppDbContext> dbFactory, TimeProvider time)
    {
        this.dbFactory = dbFactory;
        this.time = time;
        meter = meters.Create(ConsoleMetrics.MeterName);
        meter.CreateObservableGauge("webhookconsole.queue.ready", () => scheduler.ReadyCount, "{delivery}", "Claims on this node's ready queue, waiting for a worker.");
        meter.CreateObservableGauge("webhookconsole.queue.parked", () => throttle.ParkedCount, "{delivery}", "Claims parked behind an integration's concurrency cap on this node.");
        meter.CreateObservableGauge("webhookconsole.queue.waiting", () => Sample().Waiting, "{delivery}", "Deliveries waiting in the database (scheduled, pending, retrying).");
        meter.CreateObservableGauge("webhookconsole.queue.oldest_due_age", () => Sample().OldestDueSeconds, "s", "How long the oldest waiting delivery that is due has been due (0 when none): the dispatcher's lag.");
    }

    private (long Waiting, double OldestDueSeconds, DateTimeOffset At) Sample()
    {
        lock (sampling)
        {
            var now = time.GetUtcNow();
            if (sample is { } fresh && now - fresh.At < SampleEvery) return fresh;
            try
            {
                using var db = dbFactory.CreateDbContext();
                var waiting = db.Deliveries.AsNoTracking().Where(d => DeliveryStatuses.Waiting.Contains(d.Status));
                var count = waiting.LongCount();
                var oldest = waiting.Where(d => d.NextAttemptAt <= now).OrderBy(d => d.NextAttemptAt).Select(d => d.NextAttemptAt).FirstOrDefault();
                sample = (count, oldest is { } due ? Math.Max(0, (now - due).TotalSeconds) : 0, now);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The database is unavailable: readiness says so; keep the last figures rather than fail the scrape.
                sample ??= (0, 0, now);
            }
            return sample.Value;
        }
    }

    /// <summary>Created when the host starts, so its gauges exist from the first scrape; it has nothing to run.</summary>
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => meter.Dispose();
}
