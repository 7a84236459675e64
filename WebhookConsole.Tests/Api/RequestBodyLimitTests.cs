using System.Net;
using System.Net.Http.Headers;
using System.Text;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Api;

/// <summary>Request bodies are capped per endpoint on real Kestrel, before authentication, announced or streamed.</summary>
[Trait("Lane", "Integration")]
public class RequestBodyLimitTests : IAsyncLifetime
{
    private readonly ConsoleFactory factory = new();
    private string baseUrl = "";

    public Task InitializeAsync()
    {
        baseUrl = factory.StartKestrel();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await factory.DisposeAsync();

    private HttpClient Client(string? apiKey = ConsoleFactory.AdminApiKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        if (apiKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>A JSON object of about <paramref name="bytes"/> bytes.</summary>
    private static byte[] Json(int bytes) => Encoding.UTF8.GetBytes($$"""{"name":"big","url":"https://example.com/h","kind":"loyalty","note":"{{new string('x', bytes)}}"}""");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_management_body_over_1_MiB_is_413_and_stores_nothing(bool announced)
    {
        HttpContent content = announced ? new ByteArrayContent(Json(2 * 1024 * 1024)) : new StreamContent(new MemoryStream(Json(2 * 1024 * 1024)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/integrations") { Content = content };
        if (!announced) request.Headers.TransferEncodingChunked = true;
        var response = await Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await using var db = factory.NewDb();
        Assert.Empty(db.Integrations);
    }

    [Fact]
    public async Task A_management_body_under_1_MiB_is_still_read()
    {
        var response = await Client().PostAsync("/api/v1/integrations", new ByteArrayContent(Json(900 * 1024)) { Headers = { ContentType = new("application/json") } });
        Assert.NotEqual(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task An_anonymous_caller_announcing_a_large_body_is_refused_before_it_is_read()
    {
        // 40 MiB announced, 1 byte sent: the answer comes without waiting for the rest.
        using var socket = new System.Net.Sockets.TcpClient();
        var uri = new Uri(baseUrl);
        await socket.ConnectAsync(uri.Host, uri.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/events/batch HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {40 * 1024 * 1024}\r\n\r\n{{"));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = await stream.ReadAsync(buffer, timeout.Token);
        Assert.StartsWith("HTTP/1.1 413", Encoding.ASCII.GetString(buffer, 0, read));

        // Within the batch limit an anonymous caller gets 401, also without the body being read.
        using var second = new System.Net.Sockets.TcpClient();
        await second.ConnectAsync(uri.Host, uri.Port);
        var s2 = second.GetStream();
        await s2.WriteAsync(Encoding.ASCII.GetBytes(
            $"POST /api/v1/events/batch HTTP/1.1\r\nHost: {uri.Authority}\r\nContent-Type: application/json\r\nContent-Length: {30 * 1024 * 1024}\r\n\r\n{{"));
        read = await s2.ReadAsync(buffer, timeout.Token);
        Assert.StartsWith("HTTP/1.1 401", Encoding.ASCII.GetString(buffer, 0, read));
    }

    [Fact]
    public async Task The_sign_in_form_takes_at_most_16_KiB()
    {
        var form = new FormUrlEncodedContent([new("Email", new string('a', 20 * 1024)), new("Password", "x")]);
        var response = await Client(apiKey: null).PostAsync("/account/login", form);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
