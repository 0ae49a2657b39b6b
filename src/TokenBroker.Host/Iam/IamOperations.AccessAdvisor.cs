using System.Xml;
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
            (xml, result) =>
            {
                WriteJob(xml, result.Job, withType: true);
                xml.Page("ServicesLastAccessed", result.Page, WriteService);
                WriteJobError(xml, result.Job);
            }),
        Row("GetServiceLastAccessedDetailsWithEntities",
            r => new ServiceLastAccessedJobRequest(r.Text("JobId", JobId) ?? "", r.Text("ServiceNamespace", ServiceNamespace) ?? "", IamParameters.Page(r)),
            advisor.GetWithEntitiesAsync,
            (xml, result) =>
            {
                WriteJob(xml, result.Job, withType: false);
                xml.Page("EntityDetailsList", result.Page, WriteEntity);
                WriteJobError(xml, result.Job);
            }),
    ];

    private static void WriteJob(XmlWriter xml, AccessAdvisorJob job, bool withType)
    {
        xml.Text("JobStatus", job.JobStatus);
        if (withType)
        {
            xml.Text("JobType", job.JobType);
        }

        xml.Time("JobCreationDate", job.JobCreationDate);
        xml.Time("JobCompletionDate", job.JobCompletionDate);
    }

    private static void WriteJobError(XmlWriter xml, AccessAdvisorJob job)
    {
        if (job.ErrorCode is { } code)
        {
            xml.Structure("Error", () =>
            {
                xml.Text("Message", job.ErrorMessage ?? "");
                xml.Text("Code", code);
            });
        }
    }

    // A service never attempted has no Last* members (IAM's example lists s3 with TotalAuthenticatedEntities 0 only).
    private static void WriteService(XmlWriter xml, ServiceLastAccessed service)
    {
        xml.Text("ServiceName", service.ServiceName);
        if (service.LastAuthenticated is { } last)
        {
            xml.Time("LastAuthenticated", last);
        }

        xml.Text("ServiceNamespace", service.ServiceNamespace);
        xml.OptionalText("LastAuthenticatedEntity", service.LastAuthenticatedEntity);
        xml.OptionalText("LastAuthenticatedRegion", service.LastAuthenticatedRegion);
        xml.Number("TotalAuthenticatedEntities", service.TotalAuthenticatedEntities);
        if (service.TrackedActionsLastAccessed is { } actions)
        {
            xml.List("TrackedActionsLastAccessed", actions, WriteAction);
        }
    }

    private static void WriteAction(XmlWriter xml, TrackedActionLastAccessed action)
    {
        xml.Text("ActionName", action.ActionName);
        xml.OptionalText("LastAccessedEntity", action.LastAccessedEntity);
        if (action.LastAccessedTime is { } time)
        {
            xml.Time("LastAccessedTime", time);
        }

        xml.OptionalText("LastAccessedRegion", action.LastAccessedRegion);
    }

    private static void WriteEntity(XmlWriter xml, EntityLastAccessed entity)
    {
        xml.Structure("EntityInfo", () =>
        {
            xml.Text("Arn", entity.Arn);
            xml.Text("Name", entity.Name);
            xml.Text("Type", entity.Type);
            xml.Text("Id", entity.Id);
            xml.Text("Path", entity.Path);
        });
        if (entity.LastAuthenticated is { } last)
        {
            xml.Time("LastAuthenticated", last);
        }
    }
}
