namespace WebhookConsole.Data;

/// <summary>Bad input, keyed by field name (camelCase, as the API names it). Nothing was changed.</summary>
public sealed class ValidationException(IDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IDictionary<string, string[]> Errors { get; } = errors;
}
