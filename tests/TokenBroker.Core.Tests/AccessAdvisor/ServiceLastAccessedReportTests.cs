using TokenBroker.Core.AccessAdvisor;
using TokenBroker.Core.Model;
using TokenBroker.Core.Usage;
using static TokenBroker.Core.Tests.AccessAdvisor.AdvisorDirectory;

namespace TokenBroker.Core.Tests.AccessAdvisor;

public class ServiceLastAccessedReportTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<ServiceLastAccessed> Report(string arn, IReadOnlyCollection<ActionUse> uses, bool actionLevel = false, DirectoryView? view = null)
    {
        view ??= View();
        var entity = ServiceLastAccessedReport.Resolve(view, Arn.TryParse(arn, out var parsed) ? parsed : throw new ArgumentException(arn))!;
        return ServiceLastAccessedReport.Build(entity, ServiceLastAccessedReport.Catalogs(view), uses, actionLevel);
    }

    private static ServiceLastAccessed Service(IReadOnlyList<ServiceLastAccessed> report, string serviceNamespace) =>
        Assert.Single(report, s => s.ServiceNamespace == serviceNamespace);

    [Fact]
    public void Build_UserWithOneAttempt_ListsEveryAllowedNamespaceSortedAndOnlyTheUsedOneWithLastUse()
    {
        var report = Report(Alice, [new ActionUse(Alice, "sts", "GetCallerIdentity", Noon, "eu-west-1")]);

        Assert.Equal(["orders", "s3", "sts"], report.Select(s => s.ServiceNamespace));
        var sts = Service(report, "sts");
        Assert.Equal(("AWS Security Token Service", Noon, Alice, "eu-west-1", 1), (sts.ServiceName, sts.LastAuthenticated, sts.LastAuthenticatedEntity,
            sts.LastAuthenticatedRegion, sts.TotalAuthenticatedEntities));
        var s3 = Service(report, "s3");
        Assert.Equal((null, null, null, 0), (s3.LastAuthenticated, s3.LastAuthenticatedEntity, s3.LastAuthenticatedRegion, s3.TotalAuthenticatedEntities));
        Assert.All(report, s => Assert.Null(s.TrackedActionsLastAccessed));
    }

    [Fact]
    public void Build_UserGroupPolicy_GroupsServicesCountForTheUser()
    {
        var report = Report(Alice, []);

        // sts:AssumeRole comes only from group devs; the user's own policy adds GetCallerIdentity.
        Assert.Equal(["AssumeRole", "GetCallerIdentity"], Service(Report(Alice, [], actionLevel: true), "sts").TrackedActionsLastAccessed!.Select(a => a.ActionName));
        Assert.Contains(report, s => s.ServiceNamespace == "sts");
    }

    [Fact]
    public void Build_UnconditionalDenyOfTheWholeService_ServiceNotListed()
    {
        var view = View("""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["orders:Get*","s3:GetObject"],"Resource":"*"},
            {"Effect":"Deny","Action":"orders:*","Resource":"*"}]}
            """);

        var report = Report(Alice, [], view: view);

        Assert.DoesNotContain(report, s => s.ServiceNamespace == "orders");
        Assert.Contains(report, s => s.ServiceNamespace == "s3");
    }

    [Fact]
    public void Build_AttemptAtAServiceNoPolicyAllows_NotListed()
    {
        var report = Report(Alice, [new ActionUse(Alice, "kms", "Decrypt", Noon, "us-east-1")]);

        Assert.DoesNotContain(report, s => s.ServiceNamespace == "kms");
    }

    [Fact]
    public void Build_ActionLevel_AllowedActionsAndDeniedAttemptsWithTheirLastUse()
    {
        var report = Report(Alice,
        [
            new ActionUse(Alice, "orders", "GetOrder", Noon, "us-east-1"),
            new ActionUse(Alice, "orders", "GetOrder", Noon.AddHours(-1), "eu-west-1"),
            new ActionUse(Alice, "orders", "CreateOrder", Noon.AddMinutes(5), "us-east-1"),
        ], actionLevel: true);

        var orders = Service(report, "orders");
        Assert.Equal(Noon.AddMinutes(5), orders.LastAuthenticated);
        var actions = orders.TrackedActionsLastAccessed!;

        // GetOrder is allowed (orders:Get*); CreateOrder was attempted though no policy allows it (attempts count).
        Assert.Equal(["CreateOrder", "GetOrder"], actions.Select(a => a.ActionName));
        Assert.Equal((Alice, Noon, "us-east-1"), (actions[1].LastAccessedEntity, actions[1].LastAccessedTime, actions[1].LastAccessedRegion));
        var s3 = Service(report, "s3").TrackedActionsLastAccessed!;
        Assert.Equal(new TrackedActionLastAccessed("GetObject", null, null, null), Assert.Single(s3));
    }

    [Fact]
    public void Build_Group_LastEntityIsTheLatestMemberAndTotalCountsMembersThatAttempted()
    {
        var report = Report(Devs,
        [
            new ActionUse(Alice, "sts", "AssumeRole", Noon, "us-east-1"),
            new ActionUse(Bob, "sts", "AssumeRole", Noon.AddMinutes(1), "eu-west-1"),
            new ActionUse(Carol, "sts", "AssumeRole", Noon.AddMinutes(2), "eu-west-1"),
        ]);

        var sts = Assert.Single(report);
        Assert.Equal((Noon.AddMinutes(1), Bob, "eu-west-1", 2), (sts.LastAuthenticated, sts.LastAuthenticatedEntity, sts.LastAuthenticatedRegion,
            sts.TotalAuthenticatedEntities));
        Assert.Equal([Bob, Alice], sts.Entities.Select(e => e.Arn));
        Assert.Equal(("bob", "USER", "AIDABOB0000000000001", "/team/"), (sts.Entities[0].Name, sts.Entities[0].Type, sts.Entities[0].Id, sts.Entities[0].Path));
    }

    [Fact]
    public void Build_Policy_CountsDirectUsersGroupMembersAndRolesAndListsTheNeverUsedLast()
    {
        var report = Report(Shared, [new ActionUse(Deployer, "orders", "ListOrders", Noon, "us-east-1")]);

        var orders = Assert.Single(report);
        Assert.Equal((Deployer, 1), (orders.LastAuthenticatedEntity, orders.TotalAuthenticatedEntities));
        Assert.Equal([Deployer, Carol, Bob], orders.Entities.Select(e => e.Arn));
        Assert.Equal([Noon, null, null], orders.Entities.Select(e => e.LastAuthenticated));
        Assert.Equal("ROLE", orders.Entities[0].Type);
    }

    [Fact]
    public void Build_Role_OnlyTheRolesOwnAttemptsCount()
    {
        var report = Report(Deployer,
        [
            new ActionUse(Alice, "orders", "GetOrder", Noon.AddHours(1), "us-east-1"),
            new ActionUse(Deployer, "orders", "CreateOrder", Noon, "eu-west-1"),
        ]);

        var orders = Assert.Single(report);
        Assert.Equal((Noon, Deployer, 1), (orders.LastAuthenticated, orders.LastAuthenticatedEntity, orders.TotalAuthenticatedEntities));
    }

    [Theory]
    [InlineData("arn:aws:iam::111111111111:user/team/alice")]
    [InlineData("arn:aws:iam::111111111111:user/nobody")]
    [InlineData("arn:aws:iam::222222222222:user/alice")]
    [InlineData("arn:aws:iam::111111111111:policy/team/Shared")]
    [InlineData("arn:aws:sts::111111111111:assumed-role/deployer/s")]
    [InlineData("arn:aws:iam::111111111111:mfa/alice")]
    public void Resolve_ArnNamingNothingExactly_Null(string arn)
    {
        Assert.True(Arn.TryParse(arn, out var parsed));

        Assert.Null(ServiceLastAccessedReport.Resolve(View(), parsed));
    }

    [Fact]
    public void Resolve_UserWithPath_ExactArnFound()
    {
        Assert.True(Arn.TryParse(Bob, out var parsed));

        var entity = ServiceLastAccessedReport.Resolve(View(), parsed);

        Assert.Equal((AdvisedEntityType.User, Bob), (entity!.Type, Assert.Single(entity.Members).Arn));
    }

    [Fact]
    public void AllowedServices_WildcardActionEverywhere_EveryCatalogButNoUncataloguedNamespace()
    {
        var services = ServiceLastAccessedReport.AllowedServices([Allow("*")], ServiceLastAccessedReport.Catalogs(View()));

        Assert.Contains("orders", services.Keys);
        Assert.Contains("sts", services.Keys);
        Assert.DoesNotContain("s3", services.Keys);
    }
}
