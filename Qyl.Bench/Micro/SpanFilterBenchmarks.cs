using BenchmarkDotNet.Attributes;
using Qyl.Bench.Infrastructure;
using Qyl.Contracts;

namespace Qyl.Bench.Micro;

/// <summary>The broadcaster's per-span cost of finding the groups a span belongs to.</summary>
[MemoryDiagnoser]
public class SpanFilterBenchmarks
{
    private readonly List<string> _keys = new(16);
    private SpanRecord _genAiSpan = null!;
    private SpanRecord _plainSpan = null!;

    /// <summary>Builds the spans.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _genAiSpan = BenchWorkload.Create("realistic", 64).Decoded(1).First(s => s.GenAi?.OperationName == "chat" && s.SessionId is not null);
        _plainSpan = _genAiSpan with { GenAi = null, SessionId = null };
    }

    /// <summary>A GenAI span with a session: all 16 keys.</summary>
    [Benchmark(Baseline = true)]
    public int AddMatchingKeys_GenAiSpanWithSession()
    {
        _keys.Clear();
        SpanFilter.AddMatchingKeys(_genAiSpan, _keys);
        return _keys.Count;
    }

    /// <summary>A plain span without session: 4 keys.</summary>
    [Benchmark]
    public int AddMatchingKeys_PlainSpan()
    {
        _keys.Clear();
        SpanFilter.AddMatchingKeys(_plainSpan, _keys);
        return _keys.Count;
    }
}
