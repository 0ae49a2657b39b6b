using System.Xml;
using TokenBroker.Core.AccessAdvisor;
using TokenBroker.Core.Iam;

namespace TokenBroker.Host.Iam;

/// <summary>Writes the Result members of GetServiceLastAccessedDetails and GetServiceLastAccessedDetailsWithEntities (botocore iam/2010-05-08 shapes).</summary>
internal static class AccessAdvisorXml
{
    /// <summary>GetServiceLastAccessedDetailsResult: the job, a page of ServicesLastAccessed, and Error for a FAILED job.</summary>
    public static void Details(XmlWriter xml, ServiceLastAccessedPage<ServiceLastAccessed> result)
    {
        WriteJob(xml, result.Job, withType: true);
        xml.Page("ServicesLastAccessed", result.Page, WriteService);
        WriteJobError(xml, result.Job);
    }

    /// <summary>GetServiceLastAccessedDetailsWithEntitiesResult: the job, a page of EntityDetailsList, and Error for a FAILED job.</summary>
    public static void Entities(XmlWriter xml, ServiceLastAccessedPage<EntityLastAccessed> result)
    {
        WriteJob(xml, result.Job, withType: false);
        xml.Page("EntityDetailsList", result.Page, WriteEntity);
        WriteJobError(xml, result.Job);
    }

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
