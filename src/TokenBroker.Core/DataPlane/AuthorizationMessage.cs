using System.Text;
using System.Text.Json;
using TokenBroker.Core.Authentication;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.DataPlane;

/// <summary>
/// The decoded authorization message in AWS's JSON shape (aws-cli decode-authorization-message example): allowed,
/// explicitDeny, matchedStatements, failures and context (principal, action, resource, conditions), each list as
/// {"items": [...]}. Bounded in size so the encoded message stays within DecodeAuthorizationMessage's limit.
/// </summary>
public static class AuthorizationMessage
{
    /// <summary>The largest message written; the context's conditions are cut to fit.</summary>
    public const int MaxBytes = 6000;

    /// <summary>The JSON of a decision's message.</summary>
    public static string Write(
        bool allowed, bool explicitDeny, IReadOnlyList<MatchedStatement> matched, Caller caller, string action, string resource, RequestContext context)
    {
        ArgumentNullException.ThrowIfNull(matched);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(context);
        var keys = context.Keys.Order(StringComparer.Ordinal).ToList();
        while (true)
        {
            var json = Render(allowed, explicitDeny, matched, caller, action, resource, context, keys);
            if (json.Length <= MaxBytes || keys.Count == 0)
            {
                return json;
            }

            keys.RemoveAt(keys.Count - 1);
        }
    }

    private static string Render(
        bool allowed, bool explicitDeny, IReadOnlyList<MatchedStatement> matched, Caller caller, string action, string resource,
        RequestContext context, List<string> keys)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteBoolean("allowed", allowed);
            json.WriteBoolean("explicitDeny", explicitDeny);
            json.WriteStartObject("matchedStatements");
            json.WriteStartArray("items");
            foreach (var statement in matched)
            {
                json.WriteStartObject();
                json.WriteString("statementId", statement.Name);
                json.WriteString("effect", statement.Statement.IsAllow ? "ALLOW" : "DENY");
                foreach (var empty in (string[])["principals", "principalGroups", "actions", "resources", "conditions"])
                {
                    json.WriteStartObject(empty);
                    json.WriteStartArray("items");
                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("failures");
            json.WriteStartArray("items");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("context");
            json.WriteStartObject("principal");
            json.WriteString("id", caller.UserId);
            if (caller.Kind is PrincipalKind.User or PrincipalKind.UserSession && caller.User is { } user)
            {
                json.WriteString("name", user.UserName);
            }

            json.WriteString("arn", caller.Arn.ToString());
            json.WriteEndObject();
            json.WriteString("action", action);
            json.WriteString("resource", resource);
            json.WriteStartObject("conditions");
            json.WriteStartArray("items");
            foreach (var key in keys)
            {
                context.TryGetValues(key, out var values);
                json.WriteStartObject();
                json.WriteString("key", key);
                json.WriteStartObject("values");
                json.WriteStartArray("items");
                foreach (var value in values)
                {
                    json.WriteStartObject();
                    json.WriteString("value", value);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
