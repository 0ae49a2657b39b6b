namespace TokenBroker.Core.Iam;

/// <summary>GenerateCredentialReport's answer: State (STARTED, INPROGRESS or COMPLETE) and a Description.</summary>
/// <param name="State">STARTED when this call generated the report, COMPLETE when a report younger than four hours was reused.</param>
/// <param name="Description">One sentence about what happened.</param>
public sealed record CredentialReportState(string State, string Description);
