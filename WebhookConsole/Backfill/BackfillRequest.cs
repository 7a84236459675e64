using WebhookConsole.Routing;

namespace WebhookConsole.Backfill;

/// <summary>
/// `POST /api/v1/integrations/{id}/backfill`: deliver the events of a window (when the console received them) that the
/// integration's current push rules route to it and that it never got.
/// </summary>
/// <param name="To">End of the window, exclusive; now when absent.</param>
/// <param name="EventTypes">Only these types; all types of the integration's kind when absent.</param>
/// <param name="Limit">Only the newest this many of the window (they are still sent oldest first).</param>
/// <param name="DryRun">Only count.</param>
public sealed record BackfillRequest(DateTimeOffset? From, DateTimeOffset? To = null, IReadOnlyList<string>? EventTypes = null, int? Limit = null, bool? DryRun = null);
