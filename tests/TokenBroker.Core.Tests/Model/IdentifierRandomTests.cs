using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Model;

public sealed class IdentifierRandomTests
{
    [Fact]
    public async Task Fill_ManyIdentifiersOnSeveralThreads_NoTwoAlike()
    {
        // 4 threads × 5,000 sixteen-byte ids cross many 1 KB block refills; a repeated block or overlap shows as a duplicate.
        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var ids = new List<string>();
            Span<byte> bytes = stackalloc byte[16];
            for (var i = 0; i < 5_000; i++)
            {
                IdentifierRandom.Fill(bytes);
                ids.Add(Convert.ToHexString(bytes));
            }

            return ids;
        })));

        var all = batches.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    [InlineData(1_024)]
    [InlineData(4_096)]
    public void Fill_AnyLength_EveryByteWritten(int length)
    {
        // Two fills of the same length differ in most positions; an unwritten (zero) tail would match.
        var first = new byte[length];
        var second = new byte[length];
        IdentifierRandom.Fill(first);
        IdentifierRandom.Fill(second);

        var equalPositions = first.Zip(second).Count(pair => pair.First == pair.Second);
        Assert.True(equalPositions < length / 8 + 4, $"{equalPositions} of {length} positions equal");
    }
}
