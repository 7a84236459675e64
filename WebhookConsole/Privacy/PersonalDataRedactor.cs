using Microsoft.Extensions.Compliance.Redaction;

namespace WebhookConsole.Privacy;

/// <summary>
/// Keeps the first character and, for an e-mail address, the domain: `jane@example.com` → `j•••@example.com`, `+32 475…` →
/// `+•••`. Enough for support to tell two values apart and recognise a domain, not to read them.
/// </summary>
public sealed class PersonalDataRedactor : Redactor
{
    public const string Dots = "•••";

    public static PersonalDataRedactor Instance { get; } = new();

    public override int GetRedactedLength(ReadOnlySpan<char> input)
    {
        if (input.IsEmpty) return 0;
        var at = input.IndexOf('@');
        return at > 0 ? 1 + Dots.Length + input.Length - at : Math.Min(input.Length, 1) + Dots.Length;
    }

    public override int Redact(ReadOnlySpan<char> source, Span<char> destination)
    {
        if (source.IsEmpty) return 0;
        var length = GetRedactedLength(source);
        destination[0] = source[0];
        Dots.AsSpan().CopyTo(destination[1..]);
        var at = source.IndexOf('@');
        if (at > 0) source[at..].CopyTo(destination[(1 + Dots.Length)..]);
        return length;
    }
}
