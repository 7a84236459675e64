namespace WebhookConsole.Dispatch;

/// <summary>
/// This node's claim on a delivery, as it travels from the ready queue through the throttle to a worker. The lease-until
/// it was claimed with is its token: the row still names it only while the claim is ours. <see cref="Row"/> is the row as
/// claimed (so the worker need not read it again) unless the ready queue was long; <see cref="SlotOf"/> names the
/// integration whose concurrency slot was handed to it when it was parked, and <see cref="Detach"/> says that slot is a slow
/// integration's, so the attempt runs without holding a worker. <see cref="Due"/> marks a retry the due sweep took from the
/// database: it has a schedule to keep, so it goes ahead of first attempts waiting for the same integration.
/// </summary>
public sealed record DeliveryClaim(string DeliveryId, DateTimeOffset LeaseUntil, Delivery? Row = null, string? SlotOf = null, bool Due = false, bool Detach = false);
