using Microsoft.AspNetCore.Antiforgery;
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
            // Secure whenever the request came over HTTPS, also through a trusted proxy (ProxyHeaders).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.Cookie.HttpOnly = true;
            o.SlidingExpiration = true;
        });
        // Disabling a user or changing roles changes the security stamp; cookies are rechecked every minute.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddAuthorization();
        services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);

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
        services.AddScoped<PasswordSignIn>();
        services.AddSignInRateLimit(builder.Configuration);
        return builder;
    }

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A sign-in form is a few hundred bytes; anonymous callers get no more room than that.
        var account = app.MapGroup("/account").ExcludeFromDescription().WithMetadata(new Api.BodyLimit(16 * 1024));

        account.MapPost("/login", async Task<IResult> ([FromForm] LoginForm form, PasswordSignIn signIn, ILoggerFactory loggers) =>
        {
            var returnUrl = IsLocal(form.ReturnUrl) ? form.ReturnUrl! : "/";
            if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
                return TypedResults.LocalRedirect(LoginUrl(LoginMessages.Missing, form.Email, returnUrl));

            var result = await signIn.SignInAsync(form.Email.Trim(), form.Password, form.RememberMe == "on");
            var log = loggers.CreateLogger("WebhookConsole.Account");
            if (result.Succeeded)
            {
                log.LogInformation("User {Email} signed in", form.Email);
                return TypedResults.LocalRedirect(returnUrl);
            }
            log.LogWarning("Failed sign-in for {Email} (locked out: {LockedOut})", form.Email, result.IsLockedOut);
            return TypedResults.LocalRedirect(LoginUrl(LoginMessages.Invalid, form.Email, returnUrl));
        }).AllowAnonymous().RequireRateLimiting(SignInRateLimit.Policy);

        // Without the form's antiforgery token a cross-site page could sign the user out.
        account.MapPost("/logout", async Task<IResult> (HttpContext context, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            if (!await antiforgery.IsRequestValidAsync(context))
                return TypedResults.Problem("Sign out from the console's own Sign out button; the request carried no valid antiforgery token.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Bad request");
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
        return app;
    }

    /// <summary>Local paths only, and no control characters (LocalRedirect refuses them with an exception, a 500).</summary>
    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") && !url.Any(char.IsControl);

    private static string LoginUrl(string code, string? email, string returnUrl) =>
        $"/account/login?error={code}&email={Uri.EscapeDataString(email ?? "")}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}
