namespace WebhookConsole.Domain;

/// <summary>A JSON path an Admin marked as personal (Settings → Privacy), masked like the built-in personal fields.</summary>
public sealed class MaskedPath
{
    public int Id { get; set; }
    /// <summary>Dot-separated property names from the payload's root, `*` for any array item or property, e.g. `member.birthDate`.</summary>
    public string Path { get; set; } = default!;
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = default!;
}
