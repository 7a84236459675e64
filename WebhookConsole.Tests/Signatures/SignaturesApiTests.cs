using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WebhookConsole.Dispatch;
using WebhookConsole.Identity;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Signatures;

[Trait("Lane", "Integration")]
public class SignaturesApiTests : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private readonly ConsoleFactory factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private static object Request(string body, string secret = Secret, long? timestamp = null)
    {
        var ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var bytes = Encoding.UTF8.GetBytes(body);
        return new
        {
            secret,
            body,
            headers = new Dictionary<string, string>
            {
                ["X-Qualifio-Signature"] = WebhookSigner.QualifioSignature(Secret, bytes),
                ["webhook-id"] = "msg_1",
                ["webhook-timestamp"] = ts.ToString(CultureInfo.InvariantCulture),
                ["webhook-signature"] = WebhookSigner.StandardSignature([Secret], "msg_1", ts, bytes),
            },
        };
    }

    [Fact]
    public async Task Verify_answers_valid_expected_and_what_was_signed_for_both_headers_without_the_secret()
    {
        var response = await factory.ApiClient().PostAsJsonAsync("/api/v1/signatures/verify", Request("""{"a":1}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Secret, text);
        Assert.DoesNotContain("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", text);
        var report = JsonDocument.Parse(text).RootElement;
        Assert.True(report.GetProperty("valid").GetBoolean());
        Assert.True(report.GetProperty("qualifio").GetProperty("valid").GetBoolean());
        Assert.Equal(7, report.GetProperty("qualifio").GetProperty("bodyLength").GetInt32());
        Assert.StartsWith("sha256=", report.GetProperty("qualifio").GetProperty("expected").GetString());
        var standard = report.GetProperty("standardWebhooks");
        Assert.True(standard.GetProperty("valid").GetBoolean());
        Assert.StartsWith("v1,", standard.GetProperty("expected").GetString());
        Assert.EndsWith(""".{"a":1}""", standard.GetProperty("signedMessage").GetString());
    }

    [Fact]
    public async Task Checked_with_a_stored_secret_the_values_to_compute_are_shown_to_admins_only()
    {
        // Otherwise anyone who may check signatures could have the console sign any body with a live secret.
        var integration = await factory.AddIntegrationAsync("https://receiver.example/hook", secret: Secret);
        var forged = Encoding.UTF8.GetBytes("""{"points":1000000}""");
        var headers = new Dictionary<string, string>
        {
            ["X-Qualifio-Signature"] = "sha256=00",
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = "v1,AAAA"
        };
        var signatures = factory.Services.GetRequiredService<WebhookConsole.Signatures.SignatureService>();

        var hidden = (await signatures.VerifyWithIntegrationAsync(integration.Id, forged, headers)).Report!;
        Assert.False(hidden.Qualifio.Valid);
        Assert.Equal(WebhookConsole.Signatures.SignatureService.HiddenExpected, hidden.Qualifio.Expected);
        Assert.Equal(WebhookConsole.Signatures.SignatureService.HiddenExpected, hidden.StandardWebhooks.Expected);

        var shown = (await signatures.VerifyWithIntegrationAsync(integration.Id, forged, headers, revealExpected: true)).Report!;
        Assert.Equal(WebhookSigner.QualifioSignature(Secret, forged), shown.Qualifio.Expected);
        Assert.StartsWith("v1,", shown.StandardWebhooks.Expected);
    }

    [Fact]
    public async Task A_stale_timestamp_and_a_changed_body_are_reported_as_such()
    {
        var stale = await (await factory.ApiClient().PostAsJsonAsync("/api/v1/signatures/verify",
            Request("""{"a":1}""", timestamp: DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeSeconds()))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(stale.GetProperty("standardWebhooks").GetProperty("valid").GetBoolean());
        Assert.True(stale.GetProperty("standardWebhooks").GetProperty("signatureMatches").GetBoolean());
        Assert.Contains("timestamp outside 5 minutes", stale.GetProperty("diagnoses").EnumerateArray().Select(d => d.GetProperty("cause").GetString()));
    }

    [Theory]
    [InlineData("""{"body":"x","headers":{"webhook-signature":"v1,x"}}""", "secret")]
    [InlineData("""{"secret":"s","headers":{"webhook-signature":"v1,x"}}""", "body")]
    [InlineData("""{"secret":"s","body":"x"}""", "headers")]
    [InlineData("""{"secret":"s","body":"x","headers":{"content-type":"application/json"}}""", "headers")]
    [InlineData("""{"secret":"s","body":"x","headers":{},"extra":1}""", "extra")]
    public async Task Bad_input_is_a_400_naming_the_field(string json, string field)
    {
        var response = await factory.ApiClient().PostAsync("/api/v1/signatures/verify", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task Support_may_verify_a_program_manager_may_not()
    {
        var support = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Support));
        Assert.Equal(HttpStatusCode.OK, (await support.PostAsJsonAsync("/api/v1/signatures/verify", Request("{}"))).StatusCode);
        var manager = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.ProgramManager));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsJsonAsync("/api/v1/signatures/verify", Request("{}"))).StatusCode);
    }
}
