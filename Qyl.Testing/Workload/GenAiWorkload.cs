namespace Qyl.Testing.Workload;

/// <summary>
/// The realistic workload: OTLP export requests from several services (<see cref="WorkloadServices"/>)
/// carrying GenAI agent traces (invoke_agent, chat and execute_tool spans with HTTP and database
/// children, a web server root for the frontend), with varied models, tools, URLs, statements, token
/// counts and finish reasons, and message content (0.3-4 KB of <c>gen_ai.input.messages</c> /
/// <c>gen_ai.output.messages</c> JSON) on a share of chat spans. Deterministic: body <c>i</c> of seed
/// <c>s</c> is the same in every run and whatever the number of bodies asked for.
/// </summary>
public static class GenAiWorkload
{
    /// <summary>The seed the bench and the tests use unless told otherwise.</summary>
    public const int DefaultSeed = 1;

    /// <summary>Body numbers <c>0 .. count-1</c> of <paramref name="seed"/>, each of exactly <paramref name="spansPerBody"/> spans.</summary>
    public static IReadOnlyList<WorkloadBody> Generate(int count, int spansPerBody, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return [.. Enumerable.Range(0, count).Select(i => Body(i, spansPerBody, seed))];
    }

    /// <summary>Body number <paramref name="index"/> of <paramref name="seed"/>.</summary>
    public static WorkloadBody Body(int index, int spansPerBody, int seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(spansPerBody, 1);
        var service = WorkloadServices.All[index % WorkloadServices.All.Count];
        var random = new Random(unchecked((seed * 1_000_003) + index));
        var spans = new List<WorkloadSpan>(spansPerBody);
        var traceSlot = 0;
        while (spans.Count < spansPerBody)
        {
            // Traces end at different moments of the export interval (up to 5 s before the send).
            var endAgo = random.NextInt64(0, 5_000_000_000L);
            new WorkloadTrace(random, service, spans, spansPerBody, traceSlot++, endAgo).Write();
        }
        return new WorkloadBody(index, service, spans);
    }

    /// <summary>OTLP request templates of <see cref="Generate"/>'s bodies (ids and times stamped per request).</summary>
    public static IReadOnlyList<OtlpRequestTemplate> Templates(int count, int spansPerBody, int seed = DefaultSeed, bool stampSendTime = false) =>
        [.. Generate(count, spansPerBody, seed).Select(b => WorkloadEncoding.Encode(b, stampSendTime))];
}
