using System.Diagnostics;
using System.Net.Http.Headers;

namespace WebhookConsole.Dispatch;

/// <summary>
/// The W3C trace context an attempt goes out with: <c>traceparent</c> (and <c>tracestate</c> when set) of the attempt's
/// client span, so a receiver can log it and join it to its own traces. Without a span (no tracing at all) a fresh trace
/// id still goes out, unsampled, so every delivery carries one.
/// </summary>
public static class TraceContext
{
    public const string ParentHeader = "traceparent";
    public const string StateHeader = "tracestate";

    public static void Write(HttpRequestHeaders headers, Activity? span)
    {
        if (headers.Contains(ParentHeader)) return; // an integration's own header of that name goes out as it is
        headers.TryAddWithoutValidation(ParentHeader, Parent(span));
        if (span?.TraceStateString is { Length: > 0 } state) headers.TryAddWithoutValidation(StateHeader, state);
    }

    /// <summary><c>00-&lt;trace id&gt;-&lt;span id&gt;-&lt;flags&gt;</c> of <paramref name="span"/>, or of a new unsampled trace.</summary>
    public static string Parent(Activity? span)
    {
        if (span is { IdFormat: ActivityIdFormat.W3C, Id: { } id }) return id;
        return string.Create(55, (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom()), static (chars, ids) =>
        {
            "00-".CopyTo(chars);
            ids.Item1.ToHexString().CopyTo(chars[3..]);
            chars[35] = '-';
            ids.Item2.ToHexString().CopyTo(chars[36..]);
            "-00".CopyTo(chars[52..]);
        });
    }
}
