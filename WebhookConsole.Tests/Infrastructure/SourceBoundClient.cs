using System.Net;
using System.Net.Sockets;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>
/// An HTTP client whose connections leave from a chosen local address (127.0.0.2 is loopback too), so tests can play
/// several clients or a proxy against per-IP rules without leaving the machine.
/// </summary>
public static class SourceBoundClient
{
    public static HttpClient Create(string baseUrl, IPAddress source, bool useCookies = true) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = useCookies,
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri(baseUrl) };
}
