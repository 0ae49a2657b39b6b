using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.Tests.Credentials;

internal static class ClaimsAssert
{
    /// <summary>Field-by-field equality, lists compared by content.</summary>
    public static void Equal(SessionClaims expected, SessionClaims actual)
    {
        Assert.Equal(expected with { Policies = SessionPolicies.None, Tags = [], TransitiveTagKeys = [] },
            actual with { Policies = SessionPolicies.None, Tags = [], TransitiveTagKeys = [] });
        Assert.Equal(expected.Policies.InlinePolicy, actual.Policies.InlinePolicy);
        Assert.Equal(expected.Policies.PolicyArns, actual.Policies.PolicyArns);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.TransitiveTagKeys, actual.TransitiveTagKeys);
    }
}
