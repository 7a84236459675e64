using System.Net;
using WebhookConsole.Inspector;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Inspector;

/// <summary>What the inspector refuses: probing for bins that do not exist (never the console's own deliveries), and signature checks on a body kept cut short.</summary>
[Trait("Lane", "Integration")]
public class InspectorLimitsTests
{
    [Fact]
    public void An_address_that_keeps_missing_is_stopped_and_others_and_loopback_are_not()
    {
        using var misses = new InspectorMisses();
        var prober = IPAddress.Parse("203.0.113.9");
        for (var i = 0; i < InspectorMisses.PerMinute; i++)
        {
            Assert.False(misses.Exhausted(prober));
            misses.Record(prober);
        }
        Assert.True(misses.Exhausted(prober));
        Assert.False(misses.Exhausted(IPAddress.Parse("198.51.100.4")));

        for (var i = 0; i < InspectorMisses.PerMinute * 2; i++) misses.Record(IPAddress.Loopback);
        Assert.False(misses.Exhausted(IPAddress.Loopback));
        Assert.False(misses.Exhausted(IPAddress.IPv6Loopback));
    }

    [Fact]
    public async Task Over_http_a_client_probing_for_bins_gets_429_after_its_misses()
    {
        await using var factory = new ConsoleFactory();
        var baseUrl = factory.StartKestrel();
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        // Through a proxy on loopback (trusted by default), as production runs: the client's own address is what counts.
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        for (var i = 0; i < InspectorMisses.PerMinute; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/inspect/bin_{i:D26}", new StringContent("x"))).StatusCode);
        var stopped = await client.PostAsync("/inspect/bin_probe", new StringContent("x"));
        Assert.Equal(HttpStatusCode.TooManyRequests, stopped.StatusCode);
        Assert.Contains("do not exist", await stopped.Content.ReadAsStringAsync());
    }

    [Fact]
    public void A_request_kept_cut_short_is_not_checked_against_signatures()
    {
        Assert.Null(InspectorService.WhyNotCheckable(new InspectedRequest { Body = new byte[10], BodyLength = 10 }));
        Assert.Contains("only the first 262,144 were kept",
            InspectorService.WhyNotCheckable(new InspectedRequest { Body = new byte[262_144], BodyLength = 300_000 }));
    }
}
