using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>Payload format 2.0 events: AWS's documented sample, and events built from a request the SDK signed.</summary>
public static class HttpApiEvents
{
    /// <summary>
    /// The payload 2.0 example of the API Gateway developer guide ("Create AWS Lambda proxy integrations for HTTP APIs",
    /// section "Payload format version"), with its JWT authorizer and client certificate left out.
    /// </summary>
    public const string DocumentationSample = """
        {
          "version": "2.0",
          "routeKey": "$default",
          "rawPath": "/my/path",
          "rawQueryString": "parameter1=value1&parameter1=value2&parameter2=value",
          "cookies": [ "cookie1", "cookie2" ],
          "headers": { "header1": "value1", "header2": "value1,value2" },
          "queryStringParameters": { "parameter1": "value1,value2", "parameter2": "value" },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "api-id",
            "domainName": "id.execute-api.us-east-1.amazonaws.com",
            "domainPrefix": "id",
            "http": { "method": "POST", "path": "/my/path", "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1", "userAgent": "agent" },
            "requestId": "id",
            "routeKey": "$default",
            "stage": "$default",
            "time": "12/Mar/2020:19:03:58 +0000",
            "timeEpoch": 1583348638390
          },
          "body": "Hello from Lambda",
          "pathParameters": { "parameter1": "value1" },
          "isBase64Encoded": false,
          "stageVariables": { "stageVariable1": "value1", "stageVariable2": "value2" }
        }
        """;

    /// <summary>The event API Gateway sends for a captured request: same path, query, host and body bytes (base64).</summary>
    public static string FromRequest(CapturedRequest request, string sourceIp = "203.0.113.7")
    {
        var headers = new JsonObject();
        foreach (var group in request.Headers.GroupBy(h => h.Key))
        {
            headers[group.Key] = string.Join(",", group.Select(h => h.Value));
        }

        var rawQuery = request.Uri.Query.TrimStart('?');
        var node = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = request.Uri.AbsolutePath,
            ["rawQueryString"] = rawQuery,
            ["headers"] = headers,
            ["requestContext"] = new JsonObject
            {
                ["accountId"] = "123456789012",
                ["apiId"] = "abc123",
                ["domainName"] = request.Uri.Host,
                ["http"] = new JsonObject
                {
                    ["method"] = request.Method,
                    ["path"] = request.Uri.AbsolutePath,
                    ["protocol"] = "HTTP/1.1",
                    ["sourceIp"] = sourceIp,
                    ["userAgent"] = "aws-sdk-dotnet",
                },
                ["requestId"] = "JKJaXmPLvHcESHA=",
                ["stage"] = "$default",
            },
            ["body"] = Convert.ToBase64String(request.Body),
            ["isBase64Encoded"] = true,
        };
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    /// <summary>Edits one field of an event.</summary>
    public static string With(string eventJson, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(eventJson)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }
}
