using System.Globalization;

namespace WebhookConsole.Routing;

/// <summary>How times are written on the wire (payloads and answers): UTC, milliseconds, `Z`.</summary>
public static class WireTime
{
    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
