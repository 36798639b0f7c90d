using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Qyl.Testing.Workload;

/// <summary>
/// Message content as the GenAI semantic conventions record it when capture is on:
/// <c>gen_ai.input.messages</c> and <c>gen_ai.output.messages</c>, JSON arrays of messages with a
/// role and typed parts. 0.3-4 KB in total per span, many small and a few large.
/// </summary>
internal static class WorkloadMessages
{
    public static void Add(Random random, WorkloadSpan chat, string finish, bool failed)
    {
        var total = WorkloadTrace.LogUniform(random, 300, 4096);
        var system = WorkloadTrace.Pick(random, WorkloadCatalog.SystemPrompts);
        var input = Write(writer =>
        {
            writer.WriteStartArray();
            Message(writer, "system", system);
            // A failed call has no output: its input carries the whole size. ~110 characters are JSON.
            Message(writer, "user", Words(random, Math.Max(200, (int)(total * (failed ? 1 : 0.65)) - system.Length - 110)));
            writer.WriteEndArray();
        });
        chat.With("gen_ai.input.messages", input);
        if (failed)
        {
            return;
        }
        var output = Write(writer =>
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("role", "assistant");
            writer.WriteStartArray("parts");
            writer.WriteStartObject();
            if (finish == "tool_calls")
            {
                var tool = WorkloadTrace.Pick(random, WorkloadCatalog.Tools);
                writer.WriteString("type", "tool_call");
                writer.WriteString("id", $"call_{WorkloadTrace.Alnum(random, 24)}");
                writer.WriteString("name", tool.Name);
                writer.WriteStartObject("arguments");
                writer.WriteString("query", Words(random, random.Next(20, 120)));
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteString("type", "text");
                writer.WriteString("content", Words(random, Math.Max(20, (int)total - input.Length - 90)));
            }
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteString("finish_reason", finish);
            writer.WriteEndObject();
            writer.WriteEndArray();
        });
        chat.With("gen_ai.output.messages", output);
    }

    private static void Message(Utf8JsonWriter writer, string role, string text)
    {
        writer.WriteStartObject();
        writer.WriteString("role", role);
        writer.WriteStartArray("parts");
        writer.WriteStartObject();
        writer.WriteString("type", "text");
        writer.WriteString("content", text);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Words(Random random, int length)
    {
        var text = new StringBuilder(length + 16);
        var words = WorkloadCatalog.Words;
        // Start anywhere in the word list, so texts differ though they share words.
        var at = random.Next(words.Count);
        while (text.Length < length)
        {
            if (text.Length > 0)
            {
                text.Append(random.Next(12) == 0 ? ". " : " ");
            }
            text.Append(words[at]);
            at = random.Next(8) == 0 ? random.Next(words.Count) : (at + 1) % words.Count;
        }
        return text.ToString();
    }
}
