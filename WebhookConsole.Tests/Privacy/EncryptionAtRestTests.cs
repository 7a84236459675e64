using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using System.Text;
using Microsoft.EntityFrameworkCore;
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
    private static readonly string[] Personal = ["jane.doe@example.com", "Janette", "Rue de la Loi 16"];
    private readonly IngestFactory factory = (IngestFactory)new IngestFactory(fakeTime: false, recordQueue: false).With("Delivery:AllowPrivateNetworks", "true");
    private TestReceiver receiver = default!;

    public async Task InitializeAsync()
    {
        receiver = await TestReceiver.StartAsync();
        // The receiver refuses and echoes the address, so the attempt's response body holds it too.
        receiver.Respond = async (_, ctx) =>
        {
            ctx.Response.StatusCode = 422;
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
        await api.PostAsync(new Uri(bin.GetProperty("url").GetString()!).AbsolutePath,
            new StringContent($$$"""{"member":{"email":"{{{Personal[0]}}}"}}""", Encoding.UTF8, "application/json"));
        await WaitForAttemptAsync();

        // Read back through the app: in clear.
        await using (var db = factory.NewDb())
        {
            Assert.Contains(Personal[1], (await db.Events.SingleAsync()).Data);
            Assert.Contains(Personal[1], Encoding.UTF8.GetString((await db.Deliveries.SingleAsync()).Payload));
            Assert.Contains(Personal[0], (await db.Attempts.FirstAsync()).ResponseBody);
            Assert.Contains(Personal[0], Encoding.UTF8.GetString((await db.InspectedRequests.SingleAsync()).Body));
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
