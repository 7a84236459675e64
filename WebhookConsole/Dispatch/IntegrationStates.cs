using WebhookConsole.Integrations;

namespace WebhookConsole.Dispatch;

/// <summary>
/// An integration's read-only state: `blocked` (the block rule stopped it; an admin unblocks it) wins over the Active
/// switch, which gives `active` or `inactive`.
/// </summary>
public static class IntegrationStates
{
    public const string Active = "active";
    public const string Inactive = "inactive";
    public const string Blocked = "blocked";

    public static string Of(Integration i) => i.BlockedAt is not null ? Blocked : i.Active ? Active : Inactive;

    /// <summary>Whether deliveries to it are sent (otherwise they are kept as skipped, replayable).</summary>
    public static bool Sends(Integration i) => i.Active && i.BlockedAt is null;
}
