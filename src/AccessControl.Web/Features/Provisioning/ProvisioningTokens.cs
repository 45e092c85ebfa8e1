using System.Security.Cryptography;
using System.Text;

namespace AccessControl.Web.Features.Provisioning;

/// <summary>Connection tokens: <c>scim_</c> + base64url of 32 random bytes; stored as their SHA-256 only.</summary>
public static class ProvisioningTokens
{
    public const string Prefix = "scim_";

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>What lists show: enough to tell tokens apart, far too little to use.</summary>
    public static string DisplayPrefix(string token) => token[..Math.Min(token.Length, 9)];
}
