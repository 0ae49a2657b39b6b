using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Model;

public class AccessKeyIdAccountTests
{
    [Fact]
    public void TryDecode_PublishedExample_GivesItsAccount()
    {
        // The worked example of the published key-id layout: ASIAY34FZKBOKMUTVV7A belongs to 609629065308.
        Assert.True(AccessKeyIdAccount.TryDecode(AccessKeyId.Parse("ASIAY34FZKBOKMUTVV7A"), out var account));
        Assert.Equal("609629065308", account.Value);
    }

    [Theory]
    [InlineData("111122223333")]
    [InlineData("000000000001")]
    [InlineData("999999999999")]
    public void NewId_RoundTripsTheAccount(string accountText)
    {
        var account = AccountId.Parse(accountText);

        for (var i = 0; i < 50; i++)
        {
            var id = Identifiers.NewTemporaryAccessKeyId(account);
            Assert.StartsWith("ASIA", id.Value, StringComparison.Ordinal);
            Assert.Equal(20, id.Value.Length);
            Assert.True(AccessKeyIdAccount.TryDecode(id, out var decoded));
            Assert.Equal(account, decoded);
        }
    }

    [Fact]
    public void NewId_IsRandomBeyondTheAccount()
    {
        var account = AccountId.Parse("111122223333");

        var ids = Enumerable.Range(0, 100).Select(_ => Identifiers.NewLongTermAccessKeyId(account).Value).ToHashSet();

        Assert.Equal(100, ids.Count);
    }

    [Fact]
    public void TryDecode_NotBase32_IsFalse() =>
        Assert.False(AccessKeyIdAccount.TryDecode(AccessKeyId.Parse("AKIA0000000000000000"), out _));
}
