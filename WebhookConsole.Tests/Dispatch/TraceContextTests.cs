using System.Diagnostics;
using System.Text.RegularExpressions;
using WebhookConsole.Dispatch;

namespace WebhookConsole.Tests.Dispatch;

/// <summary>The trace context an attempt goes out with, written by the sender from the attempt's span.</summary>
[Trait("Lane", "Unit")]
public sealed partial class TraceContextTests
{
    [GeneratedRegex("^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$")]
    private static partial Regex TraceParent();

    [Fact]
    public void A_span_goes_out_as_its_own_context()
    {
        using var span = new Activity("send");
        span.SetIdFormat(ActivityIdFormat.W3C);
        span.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        span.TraceStateString = "vendor=1";
        span.Start();
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/hook");

        TraceContext.Write(request.Headers, span);

        var parent = Assert.Single(request.Headers.GetValues("traceparent"));
        var match = TraceParent().Match(parent);
        Assert.True(match.Success, parent);
        Assert.Equal(span.TraceId.ToHexString(), match.Groups[1].Value);
        Assert.Equal(span.SpanId.ToHexString(), match.Groups[2].Value);
        Assert.Equal(1, Convert.ToInt32(match.Groups[3].Value, 16) & 1); // sampled
        Assert.Equal(span.Id, parent);
        Assert.Equal("vendor=1", Assert.Single(request.Headers.GetValues("tracestate")));
    }

    [Fact]
    public void Without_a_span_a_new_unsampled_trace_goes_out()
    {
        var first = TraceContext.Parent(null);
        var second = TraceContext.Parent(null);
        Assert.Matches(TraceParent(), first);
        Assert.EndsWith("-00", first, StringComparison.Ordinal);
        Assert.NotEqual(first[3..35], second[3..35]);
        Assert.DoesNotContain(new string('0', 32), first, StringComparison.Ordinal);
    }

    [Fact]
    public void A_traceparent_the_integration_sets_itself_is_kept()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1/hook");
        request.Headers.TryAddWithoutValidation("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        TraceContext.Write(request.Headers, null);

        Assert.Equal("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", Assert.Single(request.Headers.GetValues("traceparent")));
    }
}
