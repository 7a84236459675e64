using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace WebhookConsole.Identity;

public static class IdentityExtensions
{
    public static WebApplicationBuilder AddIdentityFeature(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddMemoryCache();
        services.AddScoped<IDatabaseSeeder, IdentitySeeder>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();

        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultAuthenticateScheme = ConsoleAuthenticationHandler.SchemeName;
                o.AddScheme<ConsoleAuthenticationHandler>(ConsoleAuthenticationHandler.SchemeName, null);
                o.AddScheme<ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
            })
            .AddIdentityCookies();
        // Registered, so each request's handler comes from the container rather than from reflection.
        services.AddTransient<ConsoleAuthenticationHandler>();
        services.AddTransient<ApiKeyAuthenticationHandler>();
        services.AddOptions<SessionOptions>()
            .Bind(builder.Configuration.GetSection(SessionOptions.Section))
            .Validate(o => o.SessionLifetime > TimeSpan.Zero, "Auth:SessionLifetime must be positive, e.g. 12:00:00.")
            .Validate(o => o.RevalidationInterval > TimeSpan.Zero, "Auth:RevalidationInterval must be positive, e.g. 00:00:05.")
            .ValidateOnStart();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).Configure<IOptions<SessionOptions>, TimeProvider>((o, session, time) =>
        {
            var lifetime = session.Value.SessionLifetime;
            o.ExpireTimeSpan = lifetime < o.ExpireTimeSpan ? lifetime : o.ExpireTimeSpan;
            // The session starts at the password sign-in; renewing the cookie (sliding, security stamp checks) keeps that start.
            o.Events.OnSigningIn = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == SessionClaims.SignedInAt))
                    identity.AddClaim(SessionClaims.SignedInAtClaim(time.GetUtcNow()));
                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = async context =>
            {
                if (context.Principal is null || SessionClaims.IsExpired(context.Principal, time.GetUtcNow(), lifetime))
                {
                    context.RejectPrincipal();
                    await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                    return;
                }
                await SecurityStampValidator.ValidatePrincipalAsync(context);
            };
        });
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
        // Signing out, disabling a user, changing roles or a password changes the security stamp; every request
        // rechecks it, so a cookie copied before a sign-out opens nothing after it. The session's start carries over.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.Zero;
            o.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal?.FindFirst(SessionClaims.SignedInAt) is { } start && context.NewPrincipal?.Identity is ClaimsIdentity identity)
                    identity.AddClaim(new Claim(start.Type, start.Value, start.ValueType));
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization(Policies.Register);
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
            .AddClaimsPrincipalFactory<AppClaimsPrincipalFactory>()
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
        var account = app.MapGroup("/account").ExcludeFromDescription().WithMetadata(new Hosting.BodyLimit(16 * 1024));

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
                return TypedResults.LocalRedirect(signIn.MustChangePassword
                    ? $"{PasswordChangeRequired.PagePath}?returnUrl={Uri.EscapeDataString(returnUrl)}" : returnUrl);
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
            // A new security stamp ends every session of this user: other browsers, copies of the cookie and open pages.
            if (await signIn.UserManager.GetUserAsync(context.User) is { } user) await signIn.UserManager.UpdateSecurityStampAsync(user);
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        });
        account.MapPasswordChange();
        return app;
    }

    /// <summary>Local paths only, and no control characters (LocalRedirect refuses them with an exception, a 500).</summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\") && !url.Any(char.IsControl);

    private static string LoginUrl(string code, string? email, string returnUrl) =>
        $"/account/login?error={code}&email={Uri.EscapeDataString(email ?? "")}&returnUrl={Uri.EscapeDataString(returnUrl)}";
}
