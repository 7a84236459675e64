using System.Globalization;
using System.Text;

namespace WebhookConsole.EventLogs;

/// <summary>Streams deliveries as RFC 4180 CSV (UTF-8, header row), guarding spreadsheet formulas in text cells.</summary>
public static class DeliveryCsv
{
    public static readonly string[] Columns =
    [
        "id", "createdAt", "status", "eventId", "eventType", "integrationId", "integrationName", "subjectId",
        "attemptCount", "lastStatusCode", "lastError", "nextAttemptAt", "updatedAt", "replayOf", "messageId",
    ];

    public static string FileName(DateTimeOffset now) => $"deliveries-{now.UtcDateTime:yyyyMMdd-HHmmss}.csv";

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<DeliveryItem> rows, IReadOnlyDictionary<string, string> integrationNames, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await writer.WriteAsync(string.Join(',', Columns) + "\r\n");
        var line = new StringBuilder(256);
        var count = 0;
        await foreach (var d in rows.WithCancellation(ct))
        {
            line.Clear();
            Append(line, d.Id).Append(',');
            Append(line, Time(d.CreatedAt)).Append(',');
            Append(line, d.Status.Name()).Append(',');
            Append(line, d.EventId).Append(',');
            Append(line, d.EventType).Append(',');
            Append(line, d.IntegrationId).Append(',');
            Append(line, integrationNames.GetValueOrDefault(d.IntegrationId)).Append(',');
            Append(line, d.SubjectId).Append(',');
            Append(line, d.AttemptCount.ToString(CultureInfo.InvariantCulture)).Append(',');
            Append(line, d.LastStatusCode?.ToString(CultureInfo.InvariantCulture)).Append(',');
            Append(line, d.LastError).Append(',');
            Append(line, d.NextAttemptAt is { } next ? Time(next) : null).Append(',');
            Append(line, Time(d.UpdatedAt)).Append(',');
            Append(line, d.ReplayOf).Append(',');
            Append(line, d.MessageId).Append("\r\n");
            await writer.WriteAsync(line, ct);
            if (++count % 1000 == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static StringBuilder Append(StringBuilder sb, string? value)
    {
        if (string.IsNullOrEmpty(value)) return sb;
        // A cell starting with = + - @ (or a tab / CR) would run as a formula in a spreadsheet: prefix a quote.
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) return sb.Append(value);
        return sb.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
    }
}
