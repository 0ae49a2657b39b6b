using TokenBroker.Core.Errors;
using TokenBroker.Core.Outbound;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>The members of a GetWebIdentityToken request, checked against the model's shape constraints (reference/iam-api.md §9).</summary>
public sealed record GetWebIdentityTokenRequest(
    IReadOnlyList<string> Audiences,
    int? DurationSeconds,
    string SigningAlgorithm,
    IReadOnlyList<KeyValuePair<string, string>> Tags)
{
    private const int MaxAudiences = 10;
    private static readonly StringRule AudienceRule = new(1, 1000, null);
    private static readonly StringRule AlgorithmRule = new(1, 16, null, Required: true);

    /// <summary>Binds and checks every member; all violations are reported together, as AWS does.</summary>
    public static StsResult<GetWebIdentityTokenRequest> Bind(QueryParameters parameters)
    {
        var reader = new ParameterReader(parameters);
        var audiences = reader.List("Audience", null, AudienceRule, MaxAudiences);
        if (audiences.Count == 0)
        {
            reader.AddViolation(null, "Audience", "Member must not be null");
        }

        var duration = reader.Number("DurationSeconds", 60, 3600);
        var algorithm = reader.Text("SigningAlgorithm", AlgorithmRule);
        if (algorithm is not null && !SigningAlgorithms.All.Contains(algorithm, StringComparer.Ordinal))
        {
            reader.AddViolation(algorithm, "SigningAlgorithm", "Member must satisfy enum value set: [" + string.Join(", ", SigningAlgorithms.All) + "]");
        }

        var tags = reader.Pairs("Tags", StsParameters.TagKey, StsParameters.TagValue, StsParameters.MaxTags);
        return reader.Error is { } error ? error : new GetWebIdentityTokenRequest(audiences, duration, algorithm!, tags);
    }
}
