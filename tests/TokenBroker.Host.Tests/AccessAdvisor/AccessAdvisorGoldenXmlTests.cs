using System.Text;
using TokenBroker.Core.AccessAdvisor;
using TokenBroker.Core.Iam;
using TokenBroker.Host.Iam;
using TokenBroker.Host.Query;
using TokenBroker.Host.Tests.Protocol;

namespace TokenBroker.Host.Tests.AccessAdvisor;

/// <summary>Pins access advisor's wire names: a used service with tracked actions, a never-used one with no Last* members, entities and a FAILED job's Error.</summary>
public class AccessAdvisorGoldenXmlTests
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    private const string Alice = "arn:aws:iam::111111111111:user/alice";
    private static readonly DateTimeOffset Noon = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static AccessAdvisorJob Job(IReadOnlyList<ServiceLastAccessed> services) => new(
        "0123abcd-0000-1111-2222-333344445555", "111111111111", Alice, Alice, AccessAdvisorJob.ActionLevel, "COMPLETED", Noon, Noon.AddSeconds(1),
        services, null, null);

    [Fact]
    public void Success_GetServiceLastAccessedDetails_MatchesIamShape()
    {
        var entity = new EntityLastAccessed(Alice, "alice", "USER", "AIDAEXAMPLE000000001", "/", Noon);
        var job = Job(
        [
            new ServiceLastAccessed("s3", "s3", null, null, null, 0, [new TrackedActionLastAccessed("GetObject", null, null, null)], []),
            new ServiceLastAccessed("AWS Security Token Service", "sts", Noon, Alice, "us-east-1", 1,
                [new TrackedActionLastAccessed("AssumeRole", Alice, Noon, "us-east-1")], [entity]),
        ]);

        var xml = RenderedXml.Success("GetServiceLastAccessedDetails", "r1",
            w => AccessAdvisorXml.Details(w, new ServiceLastAccessedPage<ServiceLastAccessed>(job, new IamPage<ServiceLastAccessed>(job.Services, false, null))),
            IamXml.Namespace);

        Assert.Equal(
            Declaration +
            "<GetServiceLastAccessedDetailsResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetServiceLastAccessedDetailsResult>" +
            "<JobStatus>COMPLETED</JobStatus><JobType>ACTION_LEVEL</JobType>" +
            "<JobCreationDate>2026-11-01T12:00:00Z</JobCreationDate><JobCompletionDate>2026-11-01T12:00:01Z</JobCompletionDate>" +
            "<ServicesLastAccessed>" +
            "<member><ServiceName>s3</ServiceName><ServiceNamespace>s3</ServiceNamespace><TotalAuthenticatedEntities>0</TotalAuthenticatedEntities>" +
            "<TrackedActionsLastAccessed><member><ActionName>GetObject</ActionName></member></TrackedActionsLastAccessed></member>" +
            "<member><ServiceName>AWS Security Token Service</ServiceName><LastAuthenticated>2026-11-01T12:00:00Z</LastAuthenticated>" +
            "<ServiceNamespace>sts</ServiceNamespace><LastAuthenticatedEntity>arn:aws:iam::111111111111:user/alice</LastAuthenticatedEntity>" +
            "<LastAuthenticatedRegion>us-east-1</LastAuthenticatedRegion><TotalAuthenticatedEntities>1</TotalAuthenticatedEntities>" +
            "<TrackedActionsLastAccessed><member><ActionName>AssumeRole</ActionName><LastAccessedEntity>arn:aws:iam::111111111111:user/alice</LastAccessedEntity>" +
            "<LastAccessedTime>2026-11-01T12:00:00Z</LastAccessedTime><LastAccessedRegion>us-east-1</LastAccessedRegion></member></TrackedActionsLastAccessed></member>" +
            "</ServicesLastAccessed><IsTruncated>false</IsTruncated>" +
            "</GetServiceLastAccessedDetailsResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetServiceLastAccessedDetailsResponse>",
            Encoding.UTF8.GetString(xml));
    }

    [Fact]
    public void Success_GetServiceLastAccessedDetailsWithEntitiesOfFailedJob_NoJobTypeAndTheError()
    {
        var job = Job([]) with { JobStatus = "FAILED", ErrorCode = "LimitExceeded", ErrorMessage = "too big" };
        var entity = new EntityLastAccessed("arn:aws:iam::111111111111:role/app/deploy", "deploy", "ROLE", "AROAEXAMPLE000000001", "/app/", null);

        var xml = RenderedXml.Success("GetServiceLastAccessedDetailsWithEntities", "r2",
            w => AccessAdvisorXml.Entities(w, new ServiceLastAccessedPage<EntityLastAccessed>(job, new IamPage<EntityLastAccessed>([entity], true, "next"))),
            IamXml.Namespace);

        Assert.Equal(
            Declaration +
            "<GetServiceLastAccessedDetailsWithEntitiesResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetServiceLastAccessedDetailsWithEntitiesResult>" +
            "<JobStatus>FAILED</JobStatus><JobCreationDate>2026-11-01T12:00:00Z</JobCreationDate><JobCompletionDate>2026-11-01T12:00:01Z</JobCompletionDate>" +
            "<EntityDetailsList><member><EntityInfo><Arn>arn:aws:iam::111111111111:role/app/deploy</Arn><Name>deploy</Name><Type>ROLE</Type>" +
            "<Id>AROAEXAMPLE000000001</Id><Path>/app/</Path></EntityInfo></member></EntityDetailsList>" +
            "<IsTruncated>true</IsTruncated><Marker>next</Marker><Error><Message>too big</Message><Code>LimitExceeded</Code></Error>" +
            "</GetServiceLastAccessedDetailsWithEntitiesResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></GetServiceLastAccessedDetailsWithEntitiesResponse>",
            Encoding.UTF8.GetString(xml));
    }
}
