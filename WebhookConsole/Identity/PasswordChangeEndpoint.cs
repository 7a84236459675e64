using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace WebhookConsole.Identity;

/// <summary>POST /account/password: a signed-in user replaces their password; their other sessions end, this one goes on.</summary>
internal static class PasswordChangeEndpoint
{
    public static void MapPasswordChange(this RouteGroupBuilder account) =>
        account.MapPost("/password", async Task<IResult> ([FromForm] PasswordChangeForm form, HttpContext context, IAntiforgery antiforgery,
            SignInManager<AppUser> signIn, UserAdminService admin) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return TypedResults.Problem("Change your password from the console's own form; the request carried no valid antiforgery token.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
            var returnUrl = IdentityExtensions.IsLocal(form.ReturnUrl) ? form.ReturnUrl! : "/";
            if (await signIn.UserManager.GetUserAsync(context.User) is not { } user) return TypedResults.LocalRedirect("/account/login");
            if (form.Password != form.Confirm)
                return TypedResults.LocalRedirect(PageUrl(PasswordChangeMessages.Mismatch, returnUrl));
            try
            {
                await admin.ChangeOwnPasswordAsync(user, form.CurrentPassword, form.Password);
            }
            catch (ValidationException e)
            {
                var code = e.Errors.ContainsKey("currentPassword") ? PasswordChangeMessages.WrongCurrent
                    : form.CurrentPassword == form.Password ? PasswordChangeMessages.Same : PasswordChangeMessages.Weak;
                return TypedResults.LocalRedirect(PageUrl(code, returnUrl));
            }
            // The stamp changed with the password: a fresh cookie keeps this browser signed in, every other session ends.
            await signIn.RefreshSignInAsync(user);
            return TypedResults.LocalRedirect(returnUrl);
        }).RequireAuthorization().RequireRateLimiting(SignInRateLimit.Policy);

    private static string PageUrl(string code, string returnUrl) =>
        $"{PasswordChangeRequired.PagePath}?error={code}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}

/// <summary>The fields the password change form posts.</summary>
public sealed class PasswordChangeForm
{
    public string? CurrentPassword { get; set; }
    public string? Password { get; set; }
    public string? Confirm { get; set; }
    public string? ReturnUrl { get; set; }
}

/// <summary>The only texts the password page shows, chosen by a code (no free text from a link).</summary>
public static class PasswordChangeMessages
{
    public const string Mismatch = "mismatch";
    public const string WrongCurrent = "current";
    public const string Weak = "weak";
    public const string Same = "same";

    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        [Mismatch] = "The new password and its confirmation differ.",
        [WrongCurrent] = "The current password is not right.",
        [Weak] = "The new password must have at least 10 characters, with upper and lower case letters and a digit.",
        [Same] = "Choose a password other than the current one.",
    };

    public static string? For(string? code) => code is not null && Texts.TryGetValue(code, out var text) ? text : null;
}
