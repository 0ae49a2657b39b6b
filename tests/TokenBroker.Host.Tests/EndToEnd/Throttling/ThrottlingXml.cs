namespace TokenBroker.Host.Tests.EndToEnd.Throttling;

/// <summary>AWS's Throttling error, byte for byte as the broker writes its STS ErrorResponse.</summary>
public static class ThrottlingXml
{
    public static string For(string requestId) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
        + "<Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>" + requestId
        + "</RequestId></ErrorResponse>";
}
