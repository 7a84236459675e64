using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>
/// The SSRF guard as a table of addresses (no traffic), and the real sender refusing every spelling of this host
/// while a listener on all of its interfaces counts connections.
/// </summary>
[Trait("Lane", "Unit")]
public class NetworkGuardTests
{
    private static readonly IReadOnlySet<IPAddress> NoOwnAddresses = new HashSet<IPAddress>();

    [Theory]
    // IPv4 special-purpose registry
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("10.0.0.1")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.255.254")]
    [InlineData("169.254.169.254")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.1")]
    [InlineData("192.0.0.170")]
    [InlineData("192.0.2.1")]
    [InlineData("192.31.196.1")]
    [InlineData("192.52.193.1")]
    [InlineData("192.88.99.1")]
    [InlineData("192.168.1.1")]
    [InlineData("192.175.48.1")]
    [InlineData("198.18.0.1")]
    [InlineData("198.19.255.255")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("240.0.0.1")]
    [InlineData("254.255.255.255")]
    [InlineData("255.255.255.255")]
    // multicast
    [InlineData("224.0.0.1")]
    [InlineData("239.255.255.250")]
    [InlineData("ff02::1")]
    [InlineData("ff0e::1")]
    // IPv6 special-purpose registry and everything outside global unicast
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::127.0.0.1")]
    [InlineData("::8.8.8.8")]
    [InlineData("::ffff:0:127.0.0.1")]
    [InlineData("::ffff:0:8.8.8.8")]
    [InlineData("64:ff9b:1::1")]
    [InlineData("100::1")]
    [InlineData("2001::1")]
    [InlineData("2001:2::1")]
    [InlineData("2001:20::1")]
    [InlineData("2001:db8::1")]
    [InlineData("2620:4f:8000::1")]
    [InlineData("3fff::1")]
    [InlineData("5f00::1")]
    [InlineData("fc00::1")]
    [InlineData("fd00::2")]
    [InlineData("fd00:ec2::254")]
    [InlineData("fe80::1")]
    [InlineData("fe80::1%2")]
    [InlineData("fec0::1")]
    // IPv4 inside IPv6, judged as IPv4
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("::ffff:192.0.2.1")]
    [InlineData("64:ff9b::127.0.0.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("64:ff9b::192.0.2.1")]
    [InlineData("2002:7f00:1::")]
    [InlineData("2002:a9fe:a9fe::1")]
    [InlineData("2002:c000:0201::1")]
    [InlineData("2002:ffff:ffff::")]
    public void Special_purpose_addresses_are_blocked(string address) =>
        Assert.False(NetworkGuard.IsPublic(IPAddress.Parse(address), NoOwnAddresses), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("11.0.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("192.0.3.1")]
    [InlineData("198.20.0.1")]
    [InlineData("223.255.255.254")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2a00:1450:4001::1")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2002:808:808::1")]
    public void Global_unicast_addresses_pass(string address) =>
        Assert.True(NetworkGuard.IsPublic(IPAddress.Parse(address), NoOwnAddresses), address);

    [Fact]
    public void Every_address_of_this_hosts_interfaces_is_blocked()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses).Select(u => u.Address).ToList();
        Assert.NotEmpty(own);
        Assert.All(own, a => Assert.False(NetworkGuard.IsPublic(a), a.ToString()));
        // A public address becomes this host's when an interface carries it, in any spelling.
        var pretendOwn = new HashSet<IPAddress> { IPAddress.Parse("8.8.8.8"), IPAddress.Parse("2606:4700:4700::1111") };
        Assert.False(NetworkGuard.IsPublic(IPAddress.Parse("::ffff:8.8.8.8"), pretendOwn));
        Assert.False(NetworkGuard.IsPublic(IPAddress.Parse("64:ff9b::808:808"), pretendOwn));
        Assert.False(NetworkGuard.IsPublic(IPAddress.Parse("2606:4700:4700::1111"), pretendOwn));
        Assert.True(NetworkGuard.IsPublic(IPAddress.Parse("1.1.1.1"), pretendOwn));
    }

    [Fact]
    public async Task The_sender_refuses_every_spelling_of_this_host_before_connecting()
    {
        using var listener = ListenOnAllInterfaces();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = 0;
        _ = Task.Run(async () => { while (true) { using var c = await listener.AcceptTcpClientAsync(); Interlocked.Increment(ref accepted); } });
        var hosts = new List<string> { "127.0.0.1", "localhost", "127.1", "2130706433", "0x7f000001", "0177.0.0.1", "0.0.0.0", "[::1]", "[::ffff:127.0.0.1]", "[::]", Dns.GetHostName() };
        hosts.AddRange(NetworkInterface.GetAllNetworkInterfaces().SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address).Where(a => !a.IsIPv6LinkLocal)
            .Select(a => a.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{a}]" : a.ToString()));

        using var strict = Sender(allowPrivate: false);
        foreach (var host in hosts)
        {
            var result = await SendAsync(strict, $"http://{host}:{port}/hook");
            Assert.False(result.Succeeded, host);
            Assert.StartsWith("blocked", result.Attempt.Error);
        }
        Assert.Equal(0, accepted);

        // The listener does count: with private networks allowed the same sender connects.
        using var lenient = Sender(allowPrivate: true);
        await SendAsync(lenient, $"http://127.0.0.1:{port}/hook");
        Assert.True(accepted > 0);
    }

    private static TcpListener ListenOnAllInterfaces()
    {
        var listener = new TcpListener(IPAddress.IPv6Any, 0);
        listener.Server.DualMode = true;
        listener.Start();
        return listener;
    }

    private static WebhookSender Sender(bool allowPrivate) => new(
        new DeliveryOptions { AllowPrivateNetworks = allowPrivate, ConnectTimeout = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(2) },
        TimeProvider.System);

    private static Task<SendResult> SendAsync(WebhookSender sender, string url) =>
        sender.SendAsync(new IntegrationSnapshot("int_guard", "guard", url, true, null, null, []), "msg_guard", "{}"u8.ToArray(), 1, CancellationToken.None);
}
