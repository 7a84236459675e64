using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace WebhookConsole.Identity;

public static class IdentityExtensions
{
    public static WebApplicationBuilder AddIdentityFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMemoryCache();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "webhookconsole.auth";
            o.SlidingExpiration = true;
        });
        // Disabling a user or changing roles changes the security stamp; cookies are rechecked every minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorization();

        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(5);
                o.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        services.AddSingleton<AuditLog>();
        services.AddSingleton<ApiKeyService>();
        services.AddScoped<UserAdminService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();

        account.MapPost("/login", async Task<IResult> (
            [FromForm] LoginForm form, SignInManager<AppUser> signIn, ILoggerFactory loggers) =>
        {
            var returnUrl = IsLocal(form.ReturnUrl) ? form.ReturnUrl! : "/";
            if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
                return TypedResults.LocalRedirect(LoginUrl("Enter your e-mail and password.", form.Email, returnUrl));

            var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, form.RememberMe == "on", lockoutOnFailure: true);
            var log = loggers.CreateLogger("WebhookConsole.Account");
            if (result.Succeeded)
            {
                log.LogInformation("User {Email} signed in", form.Email);
                return TypedResults.LocalRedirect(returnUrl);
            }
            log.LogWarning("Failed sign-in for {Email} (locked out: {LockedOut})", form.Email, result.IsLockedOut);
            var message = result.IsLockedOut
                ? "This account is locked or disabled. Try again later or ask an administrator."
                : "Wrong e-mail or password.";
            return TypedResults.LocalRedirect(LoginUrl(message, form.Email, returnUrl));
        }).AllowAnonymous();

        account.MapPost("/logout", async (SignInManager<AppUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
        return app;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\");

    private static string LoginUrl(string error, string? email, string returnUrl) =>
        $"/account/login?error={Uri.EscapeDataString(error)}&email={Uri.EscapeDataString(email ?? "")}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}

public sealed class LoginForm
{
    public string? Email { get; set; }
    public string? Password { get; set; }
    public string? RememberMe { get; set; }
    public string? ReturnUrl { get; set; }
}
