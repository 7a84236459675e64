using System.Globalization;

namespace WebhookConsole.Integrations.Health;

/// <summary>`Integrations:BlockAfter` (default 5 days) and `Integrations:BlockMinFailures` (default 20).</summary>
public sealed record BlockOptions(TimeSpan BlockAfter, int MinFailures)
{
    public static BlockOptions From(IConfiguration config)
    {
        var raw = config["Integrations:BlockAfter"];
        var after = TimeSpan.FromDays(5);
        if (!string.IsNullOrWhiteSpace(raw) && (!TimeSpan.TryParse(raw, CultureInfo.InvariantCulture, out after) || after <= TimeSpan.Zero))
            throw new InvalidOperationException($"Integrations:BlockAfter is '{raw}'; use a positive time span such as 5.00:00:00.");
        var min = config.GetValue("Integrations:BlockMinFailures", 20);
        if (min < 1) throw new InvalidOperationException($"Integrations:BlockMinFailures is {min}; use 1 or more.");
        return new BlockOptions(after, min);
    }
}
