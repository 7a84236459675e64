using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using WebhookConsole.Tests.Infrastructure;

namespace WebhookConsole.Tests.Identity;

/// <summary>Browser-like clients of one console: signed in through the real form, cookies kept.</summary>
public static class UserSessions
{
    public const string CookieName = "webhookconsole.auth";

    /// <summary>A client signed in as this user, and the auth cookie as the sign-in answer set it (for copying).</summary>
    public static async Task<(HttpClient Client, string Cookie)> SignInAsync(ConsoleFactory factory, string email, string password)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await new SignInForm(client).PostAsync(email, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        return (client, cookie);
    }

    /// <summary>A client that sends only this cookie, like a browser it was copied into.</summary>
    public static HttpClient WithCookie(ConsoleFactory factory, string cookie)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    /// <summary>True when the page opens; false when the client is sent to the sign-in page.</summary>
    public static async Task<bool> OpensAsync(HttpClient client, string path = "/")
    {
        var response = await client.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.OK) return true;
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.AbsolutePath.Length > 0 && response.Headers.Location.IsAbsoluteUri ? response.Headers.Location.AbsolutePath : response.Headers.Location.OriginalString);
        return false;
    }

    public static async Task<HttpResponseMessage> SignOutAsync(HttpClient client)
    {
        var token = await new SignInForm(client).TokenAsync("/");
        return await client.PostAsync("/account/logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
    }
}
