namespace WebhookConsole.Privacy;

/// <summary>A parsed admin path: `member.birthDate` → [member, birthDate]; `*` matches any property or array item.</summary>
public sealed record MaskPath(string Text)
{
    public string[] Segments { get; } = Text.Split('.', StringSplitOptions.TrimEntries);

    /// <summary>Letters, digits, `_`, `-`, `$` or a lone `*` per segment, dot-separated, at most 256 characters.</summary>
    public static string? Problem(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "Give a JSON path, e.g. member.birthDate or form.*.value.";
        if (text.Length > 256) return "A path is at most 256 characters.";
        foreach (var segment in text.Trim().Split('.'))
            if (segment != "*" && (segment.Length == 0 || !segment.All(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '$')))
                return $"'{text.Trim()}' is not a path: property names separated by dots, * for any property or array item.";
        return null;
    }
}
