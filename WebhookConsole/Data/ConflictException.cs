namespace WebhookConsole.Data;

/// <summary>The request is valid but clashes with what exists (duplicate id, source in use). Nothing was changed.</summary>
public sealed class ConflictException(string message) : Exception(message);
