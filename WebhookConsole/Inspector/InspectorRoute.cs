using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Inspector;

/// <summary>
/// Lets deliveries reach this console's own bins although the SSRF guard refuses this host. Why two steps: the guard
/// works per connection, and a pooled connection is reused without a second look, so a URL check alone or a connect
/// check alone could be walked around. Here (1) before sending, a URL counts as a bin only when its authority is the
/// console's own (a listening address of this process, or `Inspector:BaseUrl`) and its path is exactly
/// `/inspect/bin_…` (no dots or escapes that could normalise elsewhere); it is then rewritten to the listening socket
/// and sent through a separate pool (2) whose connect callback opens nothing but that socket. Every other URL keeps
/// the ordinary guarded client, so other loopback addresses and ports stay refused.
/// </summary>
public sealed partial class InspectorRoute(IServer server, IOptions<InspectorOptions> options) : IOwnListenerRoute
{
    private sealed record Listener(string Scheme, IPAddress Connect, int Port, string[] Hosts);

    [GeneratedRegex("^/inspect/bin_[0-9a-z]{1,40}(?:/[A-Za-z0-9_~-]*)*$")]
    private static partial Regex BinPath();

    /// <summary>The console's own listening socket for a bin URL, or null: every other URL goes through the guard.</summary>
    public OwnListenerTarget? Resolve(string url)
    {
        // Every delivery asks: ordinary URLs leave at the cheapest test (skipping can only refuse, never allow, a bin).
        if (!url.Contains("/inspect/bin_", StringComparison.Ordinal)) return null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !BinPath().IsMatch(uri.AbsolutePath)) return null;
        var listeners = Listeners();
        if (listeners.Count == 0) return null;
        var local = listeners.FirstOrDefault(l => l.Scheme == uri.Scheme && l.Port == uri.Port && l.Hosts.Contains(uri.Host, StringComparer.OrdinalIgnoreCase));
        if (local is null && IsBaseUrl(uri))
            // The public name may sit behind TLS termination; prefer a plain listener of our own.
            local = listeners.FirstOrDefault(l => l.Scheme == Uri.UriSchemeHttp) ?? listeners[0];
        if (local is null) return null;
        var target = new UriBuilder(local.Scheme, local.Connect.ToString(), local.Port, uri.AbsolutePath, uri.Query).Uri;
        return new OwnListenerTarget(target, uri.Authority);
    }

    /// <summary>For the bins' connect callback: true only for a socket this process listens on.</summary>
    public bool IsOwnEndpoint(string host, int port) =>
        IPAddress.TryParse(host.Trim('[', ']'), out var address) && Listeners().Any(l => l.Connect.Equals(address) && l.Port == port);

    private bool IsBaseUrl(Uri uri) =>
        Uri.TryCreate(options.Value.BaseUrl, UriKind.Absolute, out var configured)
        && configured.Scheme == uri.Scheme && configured.Port == uri.Port
        && string.Equals(configured.Host, uri.Host, StringComparison.OrdinalIgnoreCase);

    private List<Listener> Listeners()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var listeners = new List<Listener>();
        foreach (var address in addresses)
        {
            // Kestrel reports wildcards as http://[::]:80, http://0.0.0.0:80 or http://+:80; Uri cannot parse the last two.
            var text = address.Replace("://+:", "://0.0.0.0:").Replace("://*:", "://0.0.0.0:");
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)) continue;
            if (uri.Host == "localhost") listeners.Add(new(uri.Scheme, IPAddress.Loopback, uri.Port, ["localhost", "127.0.0.1"]));
            else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
            {
                if (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
                    listeners.Add(new(uri.Scheme, IPAddress.Loopback, uri.Port, ["localhost", "127.0.0.1"]));
                else if (ip.Equals(IPAddress.IPv6Loopback)) listeners.Add(new(uri.Scheme, ip, uri.Port, ["[::1]", "localhost"]));
                else listeners.Add(new(uri.Scheme, ip, uri.Port, IPAddress.IsLoopback(ip) ? [ip.ToString(), "localhost"] : [ip.ToString()]));
            }
        }
        return listeners;
    }
}
