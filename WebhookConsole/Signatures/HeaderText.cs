using System.Text.Json;

namespace WebhookConsole.Signatures;

/// <summary>Headers as support pastes them: `Name: value` lines (as browsers and curl -v show them) or a JSON object.</summary>
public static class HeaderText
{
    /// <summary>The headers, or the first problem found (then the dictionary is empty).</summary>
    public static (Dictionary<string, string> Headers, string? Error) Parse(string? text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (string.IsNullOrWhiteSpace(text)) return (headers, "Paste the request headers (Name: value per line, or a JSON object).");
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var doc = JsonDocument.Parse(trimmed);
                foreach (var p in doc.RootElement.EnumerateObject())
                    headers[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                return (headers, null);
            }
            catch (JsonException)
            {
                return ([], "The headers look like JSON but are not a valid JSON object.");
            }
        }
        var number = 0;
        foreach (var raw in trimmed.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Trim().Length == 0) continue;
            var colon = line.IndexOf(':', 1 < line.Length ? 1 : 0); // ":authority"-style pseudo headers keep their colon
            if (colon <= 0) return ([], $"Line {number} is not \"Name: value\".");
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (headers, null);
    }

    public static string Format(IEnumerable<KeyValuePair<string, string>> headers) => string.Join('\n', headers.Select(h => $"{h.Key}: {h.Value}"));
}
