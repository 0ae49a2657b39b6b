using System.Xml;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Iam;

namespace TokenBroker.Host.Query;

/// <summary>
/// What an operation answered: the children of its Result element, or an error; <see cref="Namespace"/> is the
/// service's XML namespace (STS, or IAM for the IAM action table). An IAM operation without output has no Result.
/// </summary>
internal sealed record StsReply(string Action, Action<XmlWriter>? WriteResult, StsError? Error, string Namespace = StsXml.Namespace)
{
    /// <summary>Whether a success carries a Result element (operations without output have only ResponseMetadata).</summary>
    public bool HasResult { get; init; } = true;

    /// <summary>The operation's typed result of a success, for the audit record of an IAM write (never rendered from here).</summary>
    public object? Value { get; init; }

    /// <summary>What removes what an IAM write created when its answer (a secret, a seed) cannot be handed out, or null.</summary>
    public WriteCompensation? Compensation { get; init; }

    public static StsReply Success(string action, Action<XmlWriter> writeResult) => new(action, writeResult, null);

    public static StsReply Failure(string action, StsError error) => new(action, null, error);
}
