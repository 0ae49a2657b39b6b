using System.Text;
using TokenBroker.Core.Authentication.Saml;

namespace TokenBroker.Core.Tests.Saml;

/// <summary>Random single-character edits of signed responses: no exception escapes and no edited value is ever accepted.</summary>
public sealed class SamlFuzzTests(TestIdp idp) : IClassFixture<TestIdp>
{
    [Theory]
    [InlineData(true, false, false, 1)]
    [InlineData(false, true, false, 2)]
    [InlineData(true, true, false, 3)]
    [InlineData(false, true, true, 4)]
    [InlineData(true, false, true, 5)]
    public void Validate_RandomCharacterEdits_NeverThrowsNorAcceptsOtherValues(bool signResponse, bool signAssertion, bool encrypt, int seed)
    {
        var xml = idp.Issue(new SamlResponseTemplate { SignResponse = signResponse, SignAssertion = signAssertion, EncryptAssertion = encrypt });
        var random = new Random(seed);
        const string alphabet = "<>/=\"' !-x&;:#a0+Z\n";

        for (var i = 0; i < 1000; i++)
        {
            var chars = xml.ToCharArray();
            var position = random.Next(chars.Length);
            chars[position] = alphabet[random.Next(alphabet.Length)];
            var edited = new string(chars);

            var result = SamlResponseValidator.Validate(
                Convert.ToBase64String(Encoding.UTF8.GetBytes(edited)), idp.Provider, TestIdp.Settings, TestIdp.Now);

            if (result.IsSuccess)
            {
                Assert.Equal("alice@example.com", result.Value.Subject);
                Assert.Equal("alice@example.com", result.Value.RoleSessionName);
                Assert.Equal(2, result.Value.Roles.Count);
            }
            else
            {
                Assert.StartsWith("InvalidIdentityToken", result.Error!.Code, StringComparison.Ordinal);
            }
        }
    }
}
