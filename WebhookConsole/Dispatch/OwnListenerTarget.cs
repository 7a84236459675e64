namespace WebhookConsole.Dispatch;

/// <summary>Where a URL served by this console is sent instead, and the Host header it keeps.</summary>
public sealed record OwnListenerTarget(Uri Uri, string Host);
