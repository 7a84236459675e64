using System.Net;
using System.Net.NetworkInformation;

namespace WebhookConsole.Dispatch;

/// <summary>
/// Every unicast address of this host's interfaces, so the SSRF guard can refuse the console's own machine however
/// it is named. Read again after a few seconds: DHCP, VPNs and containers change interfaces while the process runs.
/// </summary>
internal static class HostAddresses
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static (IReadOnlySet<IPAddress> Addresses, long ReadAt) cached = (Read(), Environment.TickCount64);

    public static IReadOnlySet<IPAddress> Current
    {
        get
        {
            var snapshot = cached;
            if (Environment.TickCount64 - snapshot.ReadAt < MaxAge.TotalMilliseconds) return snapshot.Addresses;
            cached = snapshot = (Read(), Environment.TickCount64);
            return snapshot.Addresses;
        }
    }

    internal static IReadOnlySet<IPAddress> Read()
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Select(u => NetworkGuard.Unwrap(u.Address))
                .ToHashSet();
        }
        catch (NetworkInformationException)
        {
            // Without the list the special-purpose ranges still hold; loopback is among them.
            return new HashSet<IPAddress>();
        }
    }
}
