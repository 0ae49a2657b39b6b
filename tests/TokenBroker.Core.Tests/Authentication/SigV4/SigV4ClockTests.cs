using TokenBroker.Core.Authentication.SigV4;
using Xunit;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>The skew window (15 minutes by default, either way) and presigned X-Amz-Expires, at their exact edges.</summary>
public class SigV4ClockTests
{
    private static SigV4Request Signed => DotNetSdkSigner.Get("sdk-get-caller-identity");

    [Theory]
    [InlineData(15 * 60)]
    [InlineData(-15 * 60)]
    [InlineData(0)]
    public void Authenticate_ClockWithinFifteenMinutes_Verifies(int clockOffsetSeconds)
    {
        var rig = new SigV4Rig(clockOffset: TimeSpan.FromSeconds(clockOffsetSeconds));

        Assert.True(rig.Authenticate(Signed).IsSuccess);
    }

    [Fact]
    public void Parse_ReplayedFifteenMinutesAndOneSecondLater_SignatureExpired()
    {
        var rig = new SigV4Rig();
        rig.Clock.Advance(TimeSpan.FromSeconds(15 * 60 + 1));

        var error = rig.Parser.Parse(Signed).Error!;

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Equal(403, error.HttpStatus);
        Assert.Equal(
            "Signature expired: 20261129T120000Z is now earlier than 20261129T120001Z (20261129T121501Z - 15 min.)",
            error.Message);
    }

    [Fact]
    public void Parse_SignedFifteenMinutesAndOneSecondAhead_SignatureNotYetCurrent()
    {
        var rig = new SigV4Rig(clockOffset: TimeSpan.FromSeconds(-(15 * 60 + 1)));

        var error = rig.Parser.Parse(Signed).Error!;

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.Equal(
            "Signature not yet current: 20261129T120000Z is still later than 20261129T115959Z (20261129T114459Z + 15 min.)",
            error.Message);
    }

    [Fact]
    public void Parse_ConfiguredFiveMinuteSkewExceeded_SignatureExpiredSaysFiveMinutes()
    {
        var rig = new SigV4Rig(maxSkew: TimeSpan.FromMinutes(5));
        rig.Clock.Advance(TimeSpan.FromMinutes(6));

        var error = rig.Parser.Parse(Signed).Error!;

        Assert.Equal(
            "Signature expired: 20261129T120000Z is now earlier than 20261129T120100Z (20261129T120600Z - 5 min.)",
            error.Message);
    }

    [Fact]
    public void Authenticate_PresignedUsedAtExpiry_Verifies()
    {
        var rig = new SigV4Rig();
        rig.Clock.Advance(TimeSpan.FromSeconds(60));

        Assert.True(rig.Authenticate(BotocoreSigner.Get("presigned-expires-60")).IsSuccess);
    }

    [Fact]
    public void Parse_PresignedReplayedOneSecondAfterExpiry_RequestExpired()
    {
        var rig = new SigV4Rig();
        rig.Clock.Advance(TimeSpan.FromSeconds(61));

        var error = rig.Parser.Parse(BotocoreSigner.Get("presigned-expires-60")).Error!;

        Assert.Equal("RequestExpired", error.Code);
        Assert.Equal(400, error.HttpStatus);
        Assert.Equal("Request has expired.", error.Message);
    }

    [Fact]
    public void Parse_PresignedWithLongExpiryReplayedAfterFifteenMinutes_SignatureExpired()
    {
        // Real STS ignores X-Amz-Expires and allows 15 minutes (aws/aws-sdk-go#2167); longer URLs end there too.
        var rig = new SigV4Rig();
        rig.Clock.Advance(TimeSpan.FromSeconds(15 * 60 + 1));

        var error = rig.Parser.Parse(DotNetSdkSigner.Get("sdk-presigned-get-caller-identity")).Error!;

        Assert.Equal("SignatureDoesNotMatch", error.Code);
        Assert.StartsWith("Signature expired: 20261129T120000Z", error.Message, StringComparison.Ordinal);
    }
}
