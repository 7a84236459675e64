namespace WebhookConsole.Signatures;

/// <summary>Receiver code that checks both signatures, in one language.</summary>
public sealed record VerificationSnippet(string Language, string Code);
