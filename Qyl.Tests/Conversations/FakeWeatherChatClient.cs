using Microsoft.Extensions.AI;

namespace Qyl.Tests.Conversations;

/// <summary>
/// A hand-written model: the first call answers with text and a call of <c>get_weather</c>; once the
/// tool's result is in the history it answers with text only. Records what each call was sent.
/// </summary>
internal sealed class FakeWeatherChatClient : IChatClient
{
    public const string ToolCallId = "call_weather_1";

    public List<List<ChatMessage>> Calls { get; } = [];

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var sent = messages.ToList();
        Calls.Add(sent);
        var toolAnswered = sent.Any(m => m.Contents.OfType<FunctionResultContent>().Any());
        var answer = toolAnswered
            ? new ChatMessage(ChatRole.Assistant, "It is rainy in Paris, 57F.")
            : new ChatMessage(ChatRole.Assistant,
            [
                new TextContent("Let me check the weather."),
                new FunctionCallContent(ToolCallId, "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
            ]);
        return Task.FromResult(new ChatResponse(answer)
        {
            ModelId = "fake-model-1",
            FinishReason = toolAnswered ? ChatFinishReason.Stop : ChatFinishReason.ToolCalls,
            Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 7 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The fake model answers non-streaming calls only.");

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("fake-provider", new Uri("http://localhost/"), "fake-model-1")
        : serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
