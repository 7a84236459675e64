using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>
/// A hostile receiver on 127.0.0.1 speaking raw TCP: it reads each request whole, then answers with exactly the bytes
/// given (a truncated body, a garbage status line) and closes the connection, or resets it mid-body.
/// </summary>
public sealed class RawReceiver : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    /// <summary>Times at which a whole request arrived.</summary>
    public ConcurrentQueue<DateTimeOffset> Requests { get; } = new();

    /// <summary>The bytes to answer with.</summary>
    public byte[] Response { get; set; } = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

    /// <summary>Reset (RST) the connection after writing <see cref="Response"/> instead of closing it cleanly.</summary>
    public bool ResetAfterResponse { get; set; }

    public string Url { get; }

    public RawReceiver()
    {
        listener.Start();
        Url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/hook";
        accepting = Task.Run(AcceptAsync);
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await listener.AcceptSocketAsync(stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (SocketException) { return; }
            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await ReadRequestAsync(stream);
            Requests.Enqueue(DateTimeOffset.UtcNow);
            await stream.WriteAsync(Response);
            await stream.FlushAsync();
            if (ResetAfterResponse) socket.LingerState = new LingerOption(true, 0); // close → RST
        }
        catch (IOException) { }
        catch (SocketException) { }
        finally
        {
            socket.Close();
        }
    }

    private static async Task ReadRequestAsync(Stream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0) throw new IOException("closed before the headers ended");
            buffer.AddRange(chunk.AsSpan(0, read).ToArray());
        }
        var headers = Encoding.ASCII.GetString(buffer.GetRange(0, headerEnd).ToArray());
        var length = headers.Split("\r\n").Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(p => int.Parse(p[1].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
        var have = buffer.Count - headerEnd - 4;
        while (have < length)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0) throw new IOException("closed mid-body");
            have += read;
        }
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') return i;
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try { await accepting; } catch (Exception) { }
        stop.Dispose();
    }
}
