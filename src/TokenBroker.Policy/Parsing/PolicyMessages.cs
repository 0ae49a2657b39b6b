namespace TokenBroker.Policy.Parsing;

/// <summary>
/// MalformedPolicyDocument messages as IAM returns them (IAM API reference, CreatePolicy / UpdateAssumeRolePolicy
/// errors; reference/policy.md §1.5). IAM reports every structural problem as "Syntax errors in policy."
/// </summary>
internal static class PolicyMessages
{
    public const string Syntax = "Syntax errors in policy.";
    public const string FailedLegacyParsing = "The policy failed legacy parsing";
    public const string PrincipalNotAllowed = "Policy document should not specify a principal.";
    public const string MissingPrincipal = "Missing required field Principal";
    public const string MissingActions = "Policy statement must contain actions.";
    public const string MissingResources = "Policy statement must contain resources.";
    public const string MissingEffect = "Missing required field Effect";
    public const string ActionVendor = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.";
    public const string ActionColon = "Actions/Condition can contain only one colon.";
    public const string SidUnique = "Statement IDs (SID) in a single policy must be unique.";
    public const string SidAlphanumeric =
        "Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*";
    public const string TrustActions = "AssumeRole policy may only specify STS AssumeRole actions.";
    public const string ResourceVendor = "Resource vendor must be fully qualified and cannot contain regexes.";
    public const string EmptyStatement = "Policy document must contain at least one statement.";
    public const string VariableInNullCondition = "Policy variables are not allowed in Null condition values.";
    public const string CharacterSet =
        "1 validation error detected: Value at 'policyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+";

    public static string ProhibitedField(string field) => $"Has prohibited field {field}";

    public static string InvalidEffect(string effect) => $"Invalid effect: {effect}";

    public static string InvalidVendor(string vendor) => $"Vendor {vendor} is not valid";

    public static string ResourceFormat(string resource) => $"Resource {resource} must be in ARN format or \"*\".";

    public static string Partition(string partition, string resource) =>
        $"Partition \"{partition}\" is not valid for resource \"{resource}\".";

    public static string IamRegion(string resource) => $"IAM resource {resource} cannot contain region information.";

    public static string S3Region(string resource) => $"Resource {resource} can not contain region information.";

    public static string IamResourcePath(IEnumerable<string> prefixes) =>
        $"IAM resource path must either be \"*\" or start with {string.Join(", ", prefixes)}.";

    public static string InvalidPrincipal(string type, string value) =>
        $"Invalid principal in policy: \"{type}\":\"{value}\"";

    public static string InvalidConditionType(string type) => $"Invalid Condition type : {type}";

    public static string DuplicateConditionKey(string key) =>
        $"Duplicate condition key {key} with different case in one condition block.";
}
