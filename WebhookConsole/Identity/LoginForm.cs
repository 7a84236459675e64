namespace WebhookConsole.Identity;

/// <summary>The fields the sign-in form posts.</summary>
public sealed class LoginForm
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? RememberMe { get; set; }
    public string? ReturnUrl { get; set; }
}
