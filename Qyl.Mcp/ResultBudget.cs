using System.Text.Json.Nodes;

namespace Qyl.Mcp;

/// <summary>
/// The size a tool result may reach (<see cref="ContentCutter.MaxResultChars"/> characters of JSON), shared by
/// the lists in it. Each list takes items while the result stays under it, and always at least one, so a
/// cursor can move past any single record however large.
/// </summary>
internal sealed class ResultBudget
{
    private int _used;

    public JsonArray Fill<T>(IEnumerable<T> items, Func<T, JsonNode> view, out int shown)
    {
        var array = new JsonArray();
        shown = 0;
        foreach (var item in items)
        {
            var node = view(item);
            var size = node.ToJsonString().Length + 1;
            if (shown > 0 && _used + size > ContentCutter.MaxResultChars)
            {
                break;
            }
            _used += size;
            array.Add(node);
            shown++;
        }
        return array;
    }
}
