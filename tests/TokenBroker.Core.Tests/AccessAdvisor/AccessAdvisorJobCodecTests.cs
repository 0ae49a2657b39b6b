using TokenBroker.Core.AccessAdvisor;

namespace TokenBroker.Core.Tests.AccessAdvisor;

public class AccessAdvisorJobCodecTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 1, 12, 0, 0, 250, TimeSpan.Zero);

    private static AccessAdvisorJob Job() => new(
        "0123abcd-0000-1111-2222-333344445555", "111111111111", "arn:aws:iam::111111111111:user/auditor", AdvisorDirectory.Devs,
        AccessAdvisorJob.ActionLevel, "COMPLETED", Noon, Noon.AddSeconds(1),
        [
            new ServiceLastAccessed("AWS Security Token Service", "sts", Noon, AdvisorDirectory.Alice, "us-east-1", 1,
                [new TrackedActionLastAccessed("AssumeRole", AdvisorDirectory.Alice, Noon, "us-east-1"), new TrackedActionLastAccessed("TagSession", null, null, null)],
                [new EntityLastAccessed(AdvisorDirectory.Alice, "alice", "USER", "AIDAALICE00000000001", "/", Noon)]),
            new ServiceLastAccessed("s3", "s3", null, null, null, 0, null, []),
        ],
        null, null);

    [Fact]
    public void Read_WhatWriteWrote_SameJob()
    {
        var job = Job();

        var read = AccessAdvisorJobCodec.Read(AccessAdvisorJobCodec.Write(job))!;

        Assert.Equal(job with { Services = [] }, read with { Services = [] });
        Assert.Equal(job.Services[0] with { TrackedActionsLastAccessed = null, Entities = [] }, read.Services[0] with { TrackedActionsLastAccessed = null, Entities = [] });
        Assert.Equal(job.Services[0].TrackedActionsLastAccessed, read.Services[0].TrackedActionsLastAccessed);
        Assert.Equal(job.Services[0].Entities, read.Services[0].Entities);
        Assert.Null(read.Services[1].TrackedActionsLastAccessed);
        Assert.Equal(job.Services[1] with { Entities = [] }, read.Services[1] with { Entities = [] });
    }

    [Fact]
    public void Read_FailedJob_KeepsTheError()
    {
        var read = AccessAdvisorJobCodec.Read(AccessAdvisorJobCodec.Write(Job() with { JobStatus = "FAILED", Services = [], ErrorCode = "LimitExceeded", ErrorMessage = "too big" }))!;

        Assert.Equal(("FAILED", "LimitExceeded", "too big"), (read.JobStatus, read.ErrorCode, read.ErrorMessage));
    }

    [Fact]
    public void Read_BytesThatAreNoJob_Null()
    {
        Assert.Null(AccessAdvisorJobCodec.Read([1, 2, 3]));
        Assert.Null(AccessAdvisorJobCodec.Read(System.Text.Encoding.UTF8.GetBytes("a,b,c\n")));
    }
}
