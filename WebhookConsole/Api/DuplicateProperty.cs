using System.Text.Json;
using System.Text.RegularExpressions;

namespace WebhookConsole.Api;

/// <summary>Our wording for System.Text.Json's refusal of a repeated property (AllowDuplicateProperties = false).</summary>
internal static partial class DuplicateProperty
{
    public static string? Message(JsonException e) =>
        e.Message.Contains("Duplicate", StringComparison.OrdinalIgnoreCase)
            ? $"The JSON repeats a property{(Name(e) is { } name ? $" ('{name}')" : "")}; send each field once."
            : null;

    /// <summary>The repeated property's name, as the serializer quotes it.</summary>
    public static string? Name(JsonException e) => QuotedName().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("'([^']{1,100})'")]
    private static partial Regex QuotedName();
}
