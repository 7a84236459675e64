using WebhookConsole.Data;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>
/// Deliveries in a given state without walking the lifecycle to it: a row as stored (<see cref="Delivery.FromRow"/>),
/// a changed copy of one, or a change to a row the context tracks (as a hand edit of the database would be).
/// </summary>
internal static class DeliveryRows
{
    public static DeliveryRow ToRow(this Delivery d) => new()
    {
        Id = d.Id,
        EventId = d.EventId,
        EventType = d.EventType,
        IntegrationId = d.IntegrationId,
        SubjectId = d.SubjectId,
        Status = d.Status,
        AttemptCount = d.AttemptCount,
        LastStatusCode = d.LastStatusCode,
        LastError = d.LastError,
        NextAttemptAt = d.NextAttemptAt,
        CreatedAt = d.CreatedAt,
        UpdatedAt = d.UpdatedAt,
        ReplayOf = d.ReplayOf,
        Backfill = d.Backfill,
        MessageId = d.MessageId,
        Payload = d.Payload,
        LeaseOwner = d.LeaseOwner,
        LeaseUntil = d.LeaseUntil,
    };

    /// <summary>A copy of <paramref name="d"/> with <paramref name="change"/> applied to its columns.</summary>
    public static Delivery With(this Delivery d, Func<DeliveryRow, DeliveryRow> change) => Delivery.FromRow(change(d.ToRow()));

    /// <summary>Changes the columns of <paramref name="d"/>, tracked by <paramref name="db"/>; saved with the context.</summary>
    public static void Edit(this AppDbContext db, Delivery d, Func<DeliveryRow, DeliveryRow> change) =>
        db.Entry(d).CurrentValues.SetValues(change(d.ToRow()));
}
