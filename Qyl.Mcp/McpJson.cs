using System.Text.Json;
using System.Text.Json.Serialization;
using Qyl.Contracts;

namespace Qyl.Mcp;

/// <summary>
/// Serialization of records into tool results: the contract's shapes and names (as <see cref="QylJsonContext"/>),
/// plus <see cref="JsonElement"/> attribute values. Records that <c>qyl mcp</c> reads back from a hub's JSON
/// carry their attribute values as JSON elements, which the contract's context does not list, so the same
/// record serializes here whichever side of the wire it came from.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SpanRecord))]
[JsonSerializable(typeof(LogRecord))]
[JsonSerializable(typeof(ConversationMessage))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(object[]))]
[JsonSerializable(typeof(List<object?>))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
internal sealed partial class McpJson : JsonSerializerContext;
