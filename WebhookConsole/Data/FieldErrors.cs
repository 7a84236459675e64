namespace WebhookConsole.Data;

/// <summary>Errors keyed by a JSON-pointer-like field name (`source.campaignId`, `events[3].data.member.id`).</summary>
public sealed class FieldErrors
{
    /// <summary>Refusing 1000 broken events one by one helps nobody: the answer names the first ones.</summary>
    public const int MaxReported = 100;

    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public int Count => errors.Count;
    public bool Any => errors.Count > 0;
    public bool Has(string field) => errors.ContainsKey(field);

    public void Add(string field, string message)
    {
        if (!errors.TryGetValue(field, out var list))
        {
            if (errors.Count >= MaxReported) return;
            errors[field] = list = [];
        }
        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public void ThrowIfAny()
    {
        if (Any) throw new ValidationException(ToDictionary());
    }

    /// <summary>`prefix` + `field`; the prefix alone (without its dot) when there is no field; `body` for the whole request.</summary>
    public static string Key(string prefix, string field) =>
        field.Length > 0 ? prefix + field : prefix.Length > 0 ? prefix.TrimEnd('.') : "body";
}
