using System.Text;
using Qyl.Ingest.Otlp.Protobuf;

namespace Qyl.Tests.Otlp;

/// <summary>
/// The decoder's string cache must hand out one instance per repeated value for as long as it is
/// hot: the store's interner keeps a decoded span without copying it only when its strings are the
/// instances it pooled.
/// </summary>
public sealed class Utf8StringCacheTests
{
    [Fact]
    public void Get_ValueRepeated_AlwaysTheFirstInstance()
    {
        var cache = new Utf8StringCache();
        var utf8 = Encoding.UTF8.GetBytes("gen_ai.provider.name");

        var first = cache.Get(utf8);

        Assert.All(Enumerable.Range(0, 5).Select(_ => cache.Get(utf8)), s => Assert.Same(first, s));
    }

    [Fact]
    public void Get_ManyRepeatedIdsBetweenHits_HotValueKeepsItsInstance()
    {
        var cache = new Utf8StringCache();
        var key = Encoding.UTF8.GetBytes("server.address");
        var first = cache.Get(key);

        // 20,000 ids, each seen twice (so each is cached), with the key read between them: in a
        // direct-mapped cache every id landing on the key's slot evicted it.
        for (var i = 0; i < 20_000; i++)
        {
            var id = Encoding.UTF8.GetBytes($"chatcmpl-{i:x12}");
            cache.Get(id);
            cache.Get(id);
            Assert.Same(first, cache.Get(key));
        }
    }
}
