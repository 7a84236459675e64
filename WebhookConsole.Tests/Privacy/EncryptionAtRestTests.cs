using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using WebhookConsole.Data.AtRest;
using WebhookConsole.Ingest;
using WebhookConsole.Privacy;
using WebhookConsole.Routing;
using WebhookConsole.Tests.Infrastructure;
using WebhookConsole.Tests.Ingest;

namespace WebhookConsole.Tests.Privacy;

/// <summary>A copy of the database file (and its write-ahead log) without the key file reveals no personal value.</summary>
[Trait("Lane", "Integration")]
public class EncryptionAtRestTests : IAsyncLifetime
{
    // An address, a name, a street, a receiver's member handle (headers, redirect, error) and a forwarded client address.
    private static readonly string[] Personal = ["jane.doe@example.com", "Janette", "Rue de la Loi 16", "janette.moreau", "198.51.100.23"];
    private readonly IngestFactory factory = (IngestFactory)new IngestFactory(fakeTime: false, recordQueue: false).With("Delivery:AllowPrivateNetworks", "true");
    private TestReceiver receiver = default!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        // The receiver redirects to the member's page and echoes the address, so the attempt's response body, headers and
        // error text (and the delivery's last error) hold personal values too.
        receiver.Respond = async (_, ctx) =>
        {
            ctx.Response.StatusCode = 302;
            ctx.Response.Headers.Location = $"https://crm.example/members/{Personal[3]}";
            ctx.Response.Headers["X-Member"] = Personal[3];
            await ctx.Response.WriteAsync("""{"error":"jane.doe@example.com is not subscribed"}""");
        };
    }

    public async Task DisposeAsync()
    {
        await factory.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Events_payloads_attempts_and_captures_are_encrypted_and_read_back_in_clear()
    {
        var api = factory.ApiClient();
        await factory.SeedSourcesAsync();
        await factory.AddIntegrationAsync("int_p", url: receiver.Url, configure: i => i.SendLeads = true);
        await factory.AddRuleAsync("account", null, [EventTypes.ParticipationCompleted], "int_p");
        var posted = await factory.PostEventAsync(api, IngestFactory.Participation(EventTypes.ParticipationCompleted, "p-jane", data: new
        {
            id = "p-jane",
            form = new object[]
            {
                new { id = "email", label = "E-mail", value = Personal[0] },
                new { id = "firstname", label = "First name", value = Personal[1] },
                new { id = "address", label = "Address", value = Personal[2] },
            },
        }));
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        var bin = await IngestFactory.JsonAsync(await api.PostAsJsonAsync("/api/v1/inspector/bins", new { name = "at rest" }));
        using (var capture = new HttpRequestMessage(HttpMethod.Post, new Uri(bin.GetProperty("url").GetString()!).AbsolutePath + $"/members?handle={Personal[3]}"))
        {
            capture.Content = new StringContent($$$"""{"member":{"email":"{{{Personal[0]}}}"}}""", Encoding.UTF8, "application/json");
            capture.Headers.Add("X-Forwarded-For", Personal[4]);
            Assert.Equal(HttpStatusCode.OK, (await api.SendAsync(capture)).StatusCode);
        }
        await WaitForAttemptAsync();

        // Read back through the app: in clear.
        await using (var db = factory.NewDb())
        {
            Assert.Contains(Personal[1], (await db.Events.SingleAsync()).Data);
            Assert.Contains(Personal[1], Encoding.UTF8.GetString((await db.Deliveries.SingleAsync()).Payload));
            var attempt = await db.Attempts.FirstAsync();
            Assert.Contains(Personal[0], attempt.ResponseBody);
            Assert.Contains(Personal[3], attempt.ResponseHeaders);
            Assert.Contains(Personal[3], attempt.Error);
            Assert.Contains(Personal[3], (await db.Deliveries.SingleAsync()).LastError);
            var captured = await db.InspectedRequests.SingleAsync();
            Assert.Contains(Personal[0], Encoding.UTF8.GetString(captured.Body));
            Assert.Contains(Personal[4], captured.Headers + captured.SourceAddress); // as sent, or as the proxy headers made it
            Assert.Contains(Personal[3], captured.Path);
        }
        // Every column that may carry personal data is sealed, headers too; the ids beside them are not.
        await using (var db = factory.NewDb())
        {
            var stored = await db.Database.SqlQueryRaw<string?>("""
                SELECT "RequestHeaders" AS "Value" FROM "Attempts" UNION ALL SELECT "ResponseHeaders" FROM "Attempts"
                UNION ALL SELECT "Error" FROM "Attempts" UNION ALL SELECT "LastError" FROM "Deliveries"
                UNION ALL SELECT "Headers" FROM "InspectedRequests" UNION ALL SELECT "Path" FROM "InspectedRequests"
                UNION ALL SELECT "SourceAddress" FROM "InspectedRequests"
                """).ToListAsync();
            Assert.True(stored.Count(v => v is not null) >= 6, string.Join(", ", stored)); // the source address may be unknown in-process
            Assert.All(stored.OfType<string>(), v => Assert.StartsWith(AtRestCipher.TextPrefix, v));
        }
        Assert.Contains(Personal[1], receiver.Requests.First().BodyText); // and sent in clear

        // The files: nothing personal, in the database or in its write-ahead log.
        var files = new[] { factory.DatabasePath, factory.DatabasePath + "-wal" }.Where(File.Exists).ToList();
        Assert.Contains(factory.DatabasePath + "-wal", files);
        // The participation id stays plain for search: proof the scan reads the rows where they are.
        Assert.Contains(files, file => ReadShared(file).AsSpan().IndexOf("p-jane"u8) >= 0);
        foreach (var file in files)
        {
            var bytes = ReadShared(file);
            foreach (var value in Personal)
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(value)) < 0, $"{Path.GetFileName(file)} holds '{value}' in clear");
        }
    }

    private async Task WaitForAttemptAsync()
    {
        for (var i = 0; i < 600; i++)
        {
            await using var db = factory.NewDb();
            if (await db.Attempts.AnyAsync()) return;
            await Task.Delay(100);
        }
        Assert.Fail("No attempt was recorded.");
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
