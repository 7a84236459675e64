using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;
using WebhookConsole.Signatures;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Inspector;

/// <summary>
/// Real deliveries over real sockets with `Delivery:AllowPrivateNetworks=false`: the console's own bin is reachable, no
/// other loopback address, port or path of it is, and the captured request's signatures verify (ours and npm's).
/// </summary>
[Trait("Lane", "Integration")]
public class InspectorDeliveryTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly ConsoleFactory factory = new ConsoleFactory()
        .With("Delivery:AllowPrivateNetworks", "false")
        .With("Inspector:BaseUrl", "http://console.example.test");
    private string baseUrl = "";

    public Task InitializeAsync()
    {
        baseUrl = factory.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private async Task<string> CreateBinAsync(int status = 200)
    {
        using var api = new HttpClient { BaseAddress = new Uri(baseUrl) };
        api.DefaultRequestHeaders.Authorization = new("Bearer", ConsoleFactory.AdminApiKey);
        var created = await (await api.PostAsJsonAsync("/api/v1/inspector/bins", new { name = "bin", responseStatus = status })).Content.ReadFromJsonAsync<JsonElement>();
        return created.GetProperty("id").GetString()!;
    }

    private async Task<List<InspectedRequest>> CapturedAsync(string binId)
    {
        await using var db = factory.NewDb();
        return await db.InspectedRequests.AsNoTracking().Where(r => r.BinId == binId).OrderBy(r => r.Id).ToListAsync();
    }

    private static Dictionary<string, string> HeadersOf(InspectedRequest r) =>
        JsonSerializer.Deserialize<Dictionary<string, string>>(r.Headers)!;

    [Fact]
    public async Task An_integrations_auth_header_is_stored_masked_whatever_its_name()
    {
        var binId = await CreateBinAsync();
        var integration = await factory.AddIntegrationAsync($"{baseUrl}/inspect/{binId}", Secret, authName: "X-Partner-Pass", authValue: "partner-pass-value-1234");
        var delivery = await factory.AddDeliveryAsync(integration);
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);

        var captured = Assert.Single(await CapturedAsync(binId));
        Assert.Equal(WebhookConsole.Audit.AuditLog.Mask, HeadersOf(captured)["X-Partner-Pass"]);
        Assert.DoesNotContain("partner-pass-value-1234", captured.Headers);
    }

    [Fact]
    public async Task A_delivery_reaches_the_consoles_own_bin_and_both_signatures_verify_with_the_right_secret_only()
    {
        var binId = await CreateBinAsync();
        var integration = await factory.AddIntegrationAsync($"{baseUrl}/inspect/{binId}", Secret);
        var delivery = await factory.AddDeliveryAsync(integration, """[{"id":"evt_1","type":"loyalty.points_earned"}]""");
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Succeeded);

        var captured = Assert.Single(await CapturedAsync(binId));
        Assert.Equal("POST", captured.Method);
        Assert.Equal(delivery.Payload, captured.Body);
        var headers = HeadersOf(captured);
        Assert.Equal(delivery.MessageId, headers["webhook-id"]);
        Assert.StartsWith("sha256=", headers["X-Qualifio-Signature"]);

        var signatures = factory.Services.GetRequiredService<SignatureService>();
        var right = await signatures.VerifyWithIntegrationAsync(integration.Id, captured.Body, headers, captured.ReceivedAt);
        Assert.True(right.Report!.Valid);
        Assert.True(right.Report.Qualifio.Valid);
        Assert.True(right.Report.StandardWebhooks.Valid);
        Assert.Equal($"{delivery.MessageId}.{headers["webhook-timestamp"]}.{System.Text.Encoding.UTF8.GetString(delivery.Payload)}", right.Report.StandardWebhooks.SignedMessage);
        Assert.Empty(right.Report.Diagnoses);

        var wrong = signatures.Verify("whsec_" + Convert.ToBase64String(new byte[24]), captured.Body, headers, captured.ReceivedAt);
        Assert.False(wrong.Qualifio.Valid);
        Assert.False(wrong.StandardWebhooks.Valid);
        Assert.Contains(wrong.Diagnoses, d => d.Cause == SignatureCauses.NoMatch);

        // The reference implementation agrees on the very bytes the bin recorded.
        var (ok, output) = await NodeVerifier.VerifyAsync(Secret, new ReceivedRequest(1, captured.ReceivedAt, "", headers, captured.Body));
        Assert.True(ok, output);
        var (wrongOk, _) = await NodeVerifier.VerifyAsync("whsec_" + Convert.ToBase64String(new byte[24]), new ReceivedRequest(1, captured.ReceivedAt, "", headers, captured.Body));
        Assert.False(wrongOk);
    }

    [Fact]
    public async Task A_bin_answering_500_makes_the_delivery_retry()
    {
        var binId = await CreateBinAsync(500);
        var integration = await factory.AddIntegrationAsync($"{baseUrl}/inspect/{binId}", Secret);
        var delivery = await factory.AddDeliveryAsync(integration);
        await factory.WaitForStatusAsync(delivery.Id, DeliveryStatus.Retrying);
        Assert.Equal(500, Assert.Single(await factory.AttemptsAsync(delivery.Id)).StatusCode);
        Assert.Equal(500, Assert.Single(await CapturedAsync(binId)).StatusReturned);
    }

    [Fact]
    public async Task The_configured_public_address_reaches_the_bin_without_leaving_the_machine()
    {
        var binId = await CreateBinAsync();
        var sender = factory.Services.GetRequiredService<WebhookSender>();
        var result = await sender.SendAsync(Snapshot($"http://console.example.test/inspect/{binId}"), "msg_1", "{}"u8.ToArray(), 1, CancellationToken.None);
        Assert.True(result.Succeeded, result.Attempt.Error);
        Assert.Equal("console.example.test", HeadersOf(Assert.Single(await CapturedAsync(binId)))["Host"]);
    }

    [Fact]
    public async Task Other_loopback_addresses_ports_and_paths_stay_refused()
    {
        var binId = await CreateBinAsync();
        await using var other = await TestReceiver.StartAsync();
        var port = new Uri(baseUrl).Port;
        var sender = factory.Services.GetRequiredService<WebhookSender>();
        string[] refused =
        [
            $"http://127.0.0.2:{port}/inspect/{binId}",                 // another loopback address, same port
            $"{other.BaseUrl}/inspect/{binId}",                          // another port on 127.0.0.1
            $"http://127.0.0.1:{port}/health",                           // the console itself, not a bin
            $"http://127.0.0.1:{port}/api/v1/inspector/bins",
            $"http://127.0.0.1:{port}/inspect/{binId}/../../health",     // normalised away from /inspect/
            $"http://127.0.0.1:{port}/inspect/{binId}/%2e%2e/%2e%2e/health",
            $"http://console.example.test:{port + 1}/inspect/{binId}",   // the public name on another port
            $"http://[::1]:{port}/inspect/{binId}",                      // the console listens on 127.0.0.1 only
        ];
        foreach (var url in refused)
        {
            var result = await sender.SendAsync(Snapshot(url), "msg_1", "{}"u8.ToArray(), 1, CancellationToken.None);
            Assert.False(result.Succeeded, url);
            Assert.True(result.Attempt.Error?.StartsWith("blocked", StringComparison.Ordinal) == true || result.Attempt.Error?.StartsWith("dns", StringComparison.Ordinal) == true, $"{url}: {result.Attempt.Error}");
        }
        Assert.Empty(other.Requests);
        Assert.Empty(await CapturedAsync(binId));

        // The same bin by its listening address is reached.
        var ok = await sender.SendAsync(Snapshot($"http://127.0.0.1:{port}/inspect/{binId}"), "msg_1", "{}"u8.ToArray(), 1, CancellationToken.None);
        Assert.True(ok.Succeeded, ok.Attempt.Error);
        Assert.Equal(200, ok.Attempt.StatusCode);
    }

    private static IntegrationSnapshot Snapshot(string url) => new("int_bin", "bin", url, true, null, null, [Secret]);
}
