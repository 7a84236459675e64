namespace WebhookConsole.Api;

/// <summary>Entity tags of versioned resources: a strong tag holding the version, e.g. <c>"3"</c>.</summary>
internal static class ETags
{
    public static string Of(int version) => $"\"{version}\"";

    /// <summary>Sets the ETag header of the response and passes <paramref name="value"/> through.</summary>
    public static T Tagged<T>(this HttpContext context, T value, int version)
    {
        context.Response.Headers.ETag = Of(version);
        return value;
    }

    /// <summary>
    /// The version an If-Match header asks for: null when absent or <c>*</c> (If-Match is optional). A tag that is not one
    /// of ours can never match and yields -1, so the change is refused with 412.
    /// </summary>
    public static int? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0 || header == "*") return null;
        var first = header.Split(',')[0].Trim();
        if (first.StartsWith("W/", StringComparison.Ordinal)) first = first[2..];
        return first.Length > 2 && first[0] == '"' && first[^1] == '"' && int.TryParse(first[1..^1], System.Globalization.NumberStyles.None, null, out var v) ? v : -1;
    }
}
