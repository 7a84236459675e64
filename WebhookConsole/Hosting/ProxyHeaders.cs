using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace WebhookConsole.Hosting;

/// <summary>
/// Behind a TLS-terminating proxy the console trusts `X-Forwarded-For` and `X-Forwarded-Proto` from that proxy only:
/// by default one on loopback, or those named in `ForwardedHeaders:KnownProxies` / `ForwardedHeaders:KnownNetworks`
/// (which replace the default). Then cookies are Secure, and rate limits and logs see the client's address.
/// </summary>
public static class ProxyHeaders
{
    public static WebApplicationBuilder AddProxyHeaders(this WebApplicationBuilder builder)
    {
        var proxies = List(builder.Configuration["ForwardedHeaders:KnownProxies"]);
        var networks = List(builder.Configuration["ForwardedHeaders:KnownNetworks"]);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            if (proxies.Length + networks.Length == 0) return;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
                o.KnownProxies.Add(IPAddress.TryParse(proxy, out var address) ? address
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies has '{proxy}', not an IP address."));
            foreach (var network in networks)
                o.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(network, out var parsed) ? parsed
                    : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks has '{network}', not a network such as 10.0.0.0/8."));
        });
        return builder;
    }

    private static string[] List(string? value) => (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
