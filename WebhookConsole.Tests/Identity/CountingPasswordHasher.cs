using Microsoft.AspNetCore.Identity;
using WebhookConsole.Identity;

namespace WebhookConsole.Tests.Identity;

/// <summary>The real hasher, counting verifications: the costly step whose absence would time-stamp an unknown e-mail.</summary>
internal sealed class CountingPasswordHasher : IPasswordHasher<AppUser>
{
    private readonly PasswordHasher<AppUser> inner = new();
    private int verifications;
    public int Verifications => Volatile.Read(ref verifications);

    public string HashPassword(AppUser user, string password) => inner.HashPassword(user, password);

    public PasswordVerificationResult VerifyHashedPassword(AppUser user, string hashedPassword, string providedPassword)
    {
        Interlocked.Increment(ref verifications);
        return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
    }
}
