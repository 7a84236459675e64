using System.Text.RegularExpressions;

namespace WebhookConsole.Tests.Identity;

/// <summary>Posts the real sign-in form the way a browser does: antiforgery token from the rendered page, cookies kept by the client.</summary>
public sealed partial class SignInForm(HttpClient client)
{
    public async Task<string> TokenAsync(string path = "/account/login") => TokenIn(await client.GetStringAsync(path));

    /// <summary>The antiforgery token of the form on this page.</summary>
    public static string TokenIn(string html)
    {
        var match = TokenInput().Match(html);
        Assert.True(match.Success, "no antiforgery token on the page");
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async Task<HttpResponseMessage> PostAsync(string email, string password, string? returnUrl = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await TokenAsync(),
            ["Email"] = email,
            ["Password"] = password,
        };
        if (returnUrl is not null) fields["ReturnUrl"] = returnUrl;
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*value="([^"]+)"[^>]*>""")]
    private static partial Regex TokenInput();
}
