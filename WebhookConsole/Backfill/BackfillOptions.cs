namespace WebhookConsole.Backfill;

public sealed class BackfillOptions
{
    public const string Section = "Backfill";

    /// <summary>The most events one backfill sends; a larger window needs a <c>limit</c> or several backfills.</summary>
    public int MaxEvents { get; set; } = 100_000;

    /// <summary>How far back a backfill may reach.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(90);
}
