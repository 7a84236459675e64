using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Compliance.Redaction;

namespace WebhookConsole.Privacy;

/// <summary>
/// Masks the personal fields of a JSON document (<see cref="PersonalFields"/>, plus the paths an Admin added) with the
/// personal-data redactor; text that is not JSON gets its e-mail addresses masked.
/// </summary>
public sealed partial class PayloadMasker(Redactor redactor)
{
    public static PayloadMasker Default { get; } = new(PersonalDataRedactor.Instance);

    public JsonElement Mask(JsonElement element, IReadOnlyList<MaskPath> paths)
    {
        if (element.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)) return element;
        var root = JsonNode.Parse(element.GetRawText())!;
        Walk(root, null, false, false);
        foreach (var path in paths) ApplyPath(root, path.Segments, 0);
        return JsonSerializer.SerializeToElement(root);
    }

    /// <summary>A value that is personal as a whole (an IP address, a user agent).</summary>
    public string MaskWhole(string value) => redactor.Redact(value);

    /// <summary>A body that may or may not be JSON (a receiver's answer, an error): masked as JSON when it is, otherwise its e-mail addresses.</summary>
    public string? MaskText(string? text, IReadOnlyList<MaskPath> paths)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                return Mask(doc.RootElement, paths).GetRawText();
            }
            catch (JsonException)
            {
                // Not JSON after all (or cut at 32 KiB): mask what can be recognised.
            }
        }
        return EmailPattern().Replace(text, m => redactor.Redact(m.Value));
    }

    /// <summary>Masks in place the scalars under <paramref name="node"/> that are personal (all of them when <paramref name="force"/>).</summary>
    private void Walk(JsonNode node, string? name, bool inAnswers, bool force)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    // A container of answers is not itself an answer: its descriptive keys stay.
                    var personal = force || (!PersonalFields.IsAnswerContainer(key) && PersonalFields.IsPersonal(key, name, inAnswers));
                    if (child is JsonValue value) { if (personal || IsEmail(value)) obj[key] = MaskValue(value); }
                    else if (child is not null) Walk(child, key, inAnswers || PersonalFields.IsAnswerContainer(key), personal);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value) { if (force || IsEmail(value)) array[i] = MaskValue(value); }
                    else if (array[i] is { } child) Walk(child, name, inAnswers, force);
                }
                break;
        }
    }

    /// <summary>Arrays are transparent unless the segment is `*`, so `member.email` reaches every event of a loyalty batch.</summary>
    private void ApplyPath(JsonNode node, string[] segments, int i)
    {
        var segment = segments[i];
        var last = i == segments.Length - 1;
        switch (node)
        {
            case JsonArray array:
                for (var k = 0; k < array.Count; k++)
                {
                    if (segment != "*") { if (array[k] is { } item) ApplyPath(item, segments, i); }
                    else if (last && array[k] is JsonValue value) array[k] = MaskValue(value);
                    else if (array[k] is { } item) Descend(item, segments, i + 1, last);
                }
                break;
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (segment != "*" && !string.Equals(key, segment, StringComparison.OrdinalIgnoreCase)) continue;
                    if (last && child is JsonValue value) obj[key] = MaskValue(value);
                    else if (child is not null) Descend(child, segments, i + 1, last);
                }
                break;
        }
    }

    private void Descend(JsonNode child, string[] segments, int next, bool last)
    {
        if (last) Walk(child, null, false, true);
        else ApplyPath(child, segments, next);
    }

    /// <summary>An e-mail address is personal under any name (a receiver's error, a custom field).</summary>
    private static bool IsEmail(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { } text && text.Contains('@') && EmailPattern().IsMatch(text);

    private JsonValue MaskValue(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.String
            ? JsonValue.Create(redactor.Redact(value.GetValue<string>()))
            : JsonValue.Create(PersonalDataRedactor.Dots);

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();
}
