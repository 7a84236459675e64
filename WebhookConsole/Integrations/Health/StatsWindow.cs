namespace WebhookConsole.Integrations.Health;

/// <summary>The windows stats are given over, each cut into buckets for the charts.</summary>
public sealed record StatsWindow(string Name, TimeSpan Length, TimeSpan Bucket)
{
    public static readonly StatsWindow Hour = new("1h", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5));
    public static readonly StatsWindow Day = new("24h", TimeSpan.FromHours(24), TimeSpan.FromHours(1));
    public static readonly StatsWindow Week = new("7d", TimeSpan.FromDays(7), TimeSpan.FromHours(6));
    public static readonly IReadOnlyList<StatsWindow> All = [Hour, Day, Week];

    /// <summary>`1h`, `24h` or `7d` (absent: `24h`); anything else is a 400 naming the choices.</summary>
    public static StatsWindow Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return Day;
        return All.FirstOrDefault(w => string.Equals(w.Name, value.Trim(), StringComparison.OrdinalIgnoreCase))
               ?? throw new ValidationException(new Dictionary<string, string[]> { ["window"] = [$"window is '{value}'; use 1h, 24h or 7d."] });
    }
}
