namespace WebhookConsole.Dispatch;

/// <summary>
/// Destinations served by this console itself (the Inspector's request bins), which the SSRF guard would otherwise
/// refuse. The sender asks it before every attempt; a feature above Dispatch implements it, so Dispatch names none.
/// </summary>
public interface IOwnListenerRoute
{
    /// <summary>The console's own listening socket for this URL, or null: every other URL goes through the guard.</summary>
    OwnListenerTarget? Resolve(string url);

    /// <summary>For the connect callback: true only for a socket this process listens on.</summary>
    bool IsOwnEndpoint(string host, int port);
}
