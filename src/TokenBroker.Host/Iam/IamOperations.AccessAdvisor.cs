using TokenBroker.Core.AccessAdvisor;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Host.Iam;

/// <summary>The access advisor rows of the IAM action table: GenerateServiceLastAccessedDetails and the two reads of its job.</summary>
internal sealed partial class IamOperations
{
    /// <summary>jobIDType: exactly 36 characters.</summary>
    private static readonly StringRule JobId = new StringRule(36, 36, null).AsRequired();

    /// <summary>serviceNamespaceType: 1–64, <c>[\w-]*</c>.</summary>
    private static readonly StringRule ServiceNamespace = new StringRule(1, 64, Pattern.ServiceNamespace).AsRequired();

    private static IamAction[] AccessAdvisorRows(IamAccessAdvisor advisor) =>
    [
        Row("GenerateServiceLastAccessedDetails",
            r => new ServiceLastAccessedRequest(
                r.Text("Arn", IamParameters.Arn.AsRequired()) ?? "",
                IamParameters.Enum(r, "Granularity", AccessAdvisorJob.ServiceLevel, AccessAdvisorJob.ActionLevel) ?? AccessAdvisorJob.ServiceLevel),
            advisor.GenerateAsync,
            (xml, jobId) => xml.Text("JobId", jobId)),
        Row("GetServiceLastAccessedDetails",
            r => new ServiceLastAccessedJobRequest(r.Text("JobId", JobId) ?? "", null, IamParameters.Page(r)),
            advisor.GetAsync,
            AccessAdvisorXml.Details),
        Row("GetServiceLastAccessedDetailsWithEntities",
            r => new ServiceLastAccessedJobRequest(r.Text("JobId", JobId) ?? "", r.Text("ServiceNamespace", ServiceNamespace) ?? "", IamParameters.Page(r)),
            advisor.GetWithEntitiesAsync,
            AccessAdvisorXml.Entities),
    ];
}
