using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Identity;
using WebhookConsole.Inspector;
using WebhookConsole.Privacy;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Privacy;

/// <summary>A bin's captured requests per role: masked for Support, clear for Admins, and an Admin's reveal audited.</summary>
[Trait("Lane", "Integration")]
public class InspectorMaskingApiTests : IAsyncLifetime
{
    private const string Email = "jane.doe@example.com";
    private const string Agent = "JanesPhone/4.2 (jane-pixel-7)";
    private readonly IngestFactory factory = new(fakeTime: false, recordQueue: true);
    private HttpClient admin = default!;
    private string binId = default!;

    public async Task InitializeAsync()
    {
        admin = factory.ApiClient();
        var bin = await IngestFactory.JsonAsync(await admin.PostAsJsonAsync("/api/v1/inspector/bins", new { name = "masking" }));
        binId = bin.GetProperty("id").GetString()!;
        using var capture = new HttpRequestMessage(HttpMethod.Post, new Uri(bin.GetProperty("url").GetString()!).AbsolutePath + $"/signup?email={Email}");
        capture.Content = new StringContent($$$"""{"member":{"id":"mem-1","email":"{{{Email}}}","firstName":"Janette"}}""", Encoding.UTF8, "application/json");
        capture.Headers.TryAddWithoutValidation("User-Agent", Agent);
        capture.Headers.Add("X-Reply-To", Email);
        Assert.Equal(HttpStatusCode.OK, (await admin.SendAsync(capture)).StatusCode);
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    [Fact]
    public async Task Support_sees_the_captures_personal_fields_masked_and_may_not_reveal()
    {
        var support = factory.ApiClient(await factory.CreateApiKeyAsync(Roles.Support));
        var list = await support.GetStringAsync($"/api/v1/inspector/bins/{binId}/requests");
        foreach (var clear in new[] { Email, "Janette", Agent })
            Assert.DoesNotContain(clear, list);
        Assert.Contains("mem-1", list); // ids stay readable
        Assert.Contains("@example.com", list);
        Assert.Equal(HttpStatusCode.Forbidden, (await support.PostAsync($"/api/v1/inspector/bins/{binId}/requests/reveal", null)).StatusCode);
        await using var db = factory.NewDb();
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == CaptureReveals.Action));
    }

    [Fact]
    public async Task Admins_get_them_in_clear_and_a_reveal_is_audited()
    {
        var list = await admin.GetStringAsync($"/api/v1/inspector/bins/{binId}/requests");
        Assert.Contains(Email, list);
        Assert.Contains(Agent, list);

        var revealed = await admin.PostAsync($"/api/v1/inspector/bins/{binId}/requests/reveal", null);
        Assert.Equal(HttpStatusCode.OK, revealed.StatusCode);
        Assert.Contains("Janette", await revealed.Content.ReadAsStringAsync());
        await using var db = factory.NewDb();
        var entry = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == CaptureReveals.Action);
        Assert.Equal(binId, entry.EntityId);
        Assert.DoesNotContain("jane", entry.After ?? "", StringComparison.OrdinalIgnoreCase); // that it happened, not what was seen
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/inspector/bins/bin_nope/requests/reveal", null)).StatusCode);
    }
}
