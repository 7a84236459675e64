using System.Net;
using System.Net.Sockets;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Which resolved addresses outbound webhooks may reach when private networks are not allowed: only global unicast,
/// never an entry of the IANA special-purpose registries, multicast, or an address of this host's own interfaces
/// (an integration naming the console's own hostname must not reach it through a non-loopback interface).
/// IPv4 carried in IPv6 (mapped, NAT64, 6to4) is judged as the IPv4 address it reaches.
/// </summary>
public static class NetworkGuard
{
    // IANA IPv4 Special-Purpose Address Registry (every entry, even the globally reachable anycast ones: no webhook
    // receiver lives there), multicast and the reserved class E with broadcast.
    private static readonly IPNetwork2[] BlockedV4 = Networks(
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
        "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32");

    // Outside 2000::/3 nothing is global unicast: that drops ::/128, ::1, IPv4-compatible ::a.b.c.d, ::ffff:0:a.b.c.d,
    // 64:ff9b:1::/48, 100::/64, ULA, link- and site-local and multicast in one test.
    private static readonly IPNetwork2 GlobalUnicastV6 = IPNetwork2.Parse("2000::/3");

    // IANA IPv6 Special-Purpose Address Registry entries inside 2000::/3 (2001::/23 covers Teredo, benchmarking, ORCHID).
    private static readonly IPNetwork2[] BlockedV6 = Networks(
        "2001::/23", "2001:db8::/32", "2620:4f:8000::/48", "3fff::/20", "5f00::/16");

    private static readonly IPNetwork2 Mapped = IPNetwork2.Parse("::ffff:0:0/96");
    private static readonly IPNetwork2 Nat64 = IPNetwork2.Parse("64:ff9b::/96");
    private static readonly IPNetwork2 SixToFour = IPNetwork2.Parse("2002::/16");

    /// <summary>Judged against this host's interfaces as they are now (refreshed every few seconds).</summary>
    public static bool IsPublic(IPAddress address) => IsPublic(address, HostAddresses.Current);

    public static bool IsPublic(IPAddress address, IReadOnlySet<IPAddress> ownAddresses)
    {
        var target = Unwrap(address);
        if (target.AddressFamily == AddressFamily.InterNetwork)
            return !BlockedV4.Any(n => n.Contains(target)) && !ownAddresses.Contains(target);
        if (target.AddressFamily != AddressFamily.InterNetworkV6) return false;
        return GlobalUnicastV6.Contains(target) && !BlockedV6.Any(n => n.Contains(target)) && !ownAddresses.Contains(target);
    }

    /// <summary>The IPv4 address an IPv6 address forwards to (mapped, NAT64 /96, 6to4), else the address without its scope.</summary>
    internal static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address;
        var bytes = address.GetAddressBytes();
        if (Mapped.Contains(address) || Nat64.Contains(address)) return new IPAddress(bytes[12..16]);
        if (SixToFour.Contains(address)) return new IPAddress(bytes[2..6]);
        return address.ScopeId == 0 ? address : new IPAddress(bytes);
    }

    private static IPNetwork2[] Networks(params string[] cidrs) => cidrs.Select(c => IPNetwork2.Parse(c)).ToArray();
}

/// <summary>The destination resolved to an address outbound webhooks may not reach.</summary>
public sealed class BlockedDestinationException(string message) : Exception(message);
