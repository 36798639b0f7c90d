using System.Text.Json;
using Qyl.Contracts;
using Qyl.Tests.Infrastructure;

namespace Qyl.Tests.Storage;

/// <summary>The one rule the decoder and the embedded store use to share attribute values.</summary>
public sealed class AttributeValuesTests
{
    [Fact]
    public void Same_ZeroAndNegativeZero_AreDifferentValues()
    {
        Assert.False(AttributeValues.Same(0.0, -0.0));
        Assert.True(AttributeValues.Same(0.25, 0.25));
    }

    [Fact]
    public void Same_NestedArraysAndMapsWithEqualContent_AreTheSame()
    {
        object? Make() => new object?[] { 1L, "a", new Dictionary<string, object?> { ["k"] = new object?[] { true, null } } };

        Assert.True(AttributeValues.Same(Make(), Make()));
        Assert.False(AttributeValues.Same(Make(), new object?[] { 1L, "a", new Dictionary<string, object?> { ["k"] = new object?[] { false, null } } }));
    }

    [Fact]
    public void Same_MapsWithAKeyMissingOrAValueOfAnotherType_AreDifferent()
    {
        var known = new Dictionary<string, object?> { ["a"] = 1L, ["b"] = "x" };

        Assert.False(AttributeValues.Same(known, new Dictionary<string, object?> { ["a"] = 1L, ["c"] = "x" }));
        Assert.False(AttributeValues.Same(known, new Dictionary<string, object?> { ["a"] = 1.0, ["b"] = "x" }));
        Assert.True(AttributeValues.Same(known, new Dictionary<string, object?> { ["b"] = "x", ["a"] = 1L }));
    }

    private static Dictionary<string, object?> Every() => new()
    {
        ["s"] = "x", ["t"] = true, ["l"] = long.MinValue, ["big"] = long.MaxValue, ["d"] = 0.1, ["two"] = 2.0, ["negzero"] = -0.0,
        ["huge"] = 1e300, ["none"] = null, ["arr"] = new object?[] { 1L, 2.0, null, new object?[] { "n" } },
        ["map"] = new Dictionary<string, object?> { ["k"] = new Dictionary<string, object?> { ["deep"] = false }, ["e"] = new object?[0] },
    };

    [Fact]
    public void Json_EveryValueType_ReadsBackTheSameValuesOfTheSameTypes()
    {
        var span = TestSpans.Create() with { Attributes = Every(), ResourceAttributes = Every() };
        var json = JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord);
        var read = JsonSerializer.Deserialize(json, QylJsonContext.Default.SpanRecord)!;

        Assert.True(AttributeValues.Same(span.Attributes, read.Attributes));
        Assert.True(AttributeValues.Same(span.ResourceAttributes, read.ResourceAttributes));
        Assert.Contains("\"two\":2.0", json, StringComparison.Ordinal);
        Assert.Contains("\"negzero\":-0.0", json, StringComparison.Ordinal);
        // A reflection-based serializer (any System.Text.Json client) gets the same values: the converter is on the property.
        var reflected = JsonSerializer.Deserialize<SpanRecord>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.True(AttributeValues.Same(span.Attributes, reflected.Attributes));
    }

    [Fact]
    public void MessagePack_StandardResolver_ReadsBackTheSameValuesOfTheSameTypes()
    {
        var span = TestSpans.Create() with { Attributes = Every() };
        var options = MessagePack.MessagePackSerializerOptions.Standard;
        var read = MessagePack.MessagePackSerializer.Deserialize<SpanRecord>(MessagePack.MessagePackSerializer.Serialize(span, options), options);

        Assert.True(AttributeValues.Same(span.Attributes, read.Attributes));
    }

    [Fact]
    public void Json_NonFiniteDoubles_AreTheirProto3Strings()
    {
        var span = TestSpans.Create() with { Attributes = new() { ["nan"] = double.NaN, ["inf"] = double.PositiveInfinity, ["ninf"] = double.NegativeInfinity } };
        var read = JsonSerializer.Deserialize(JsonSerializer.Serialize(span, QylJsonContext.Default.SpanRecord), QylJsonContext.Default.SpanRecord)!;

        Assert.Equal(["NaN", "Infinity", "-Infinity"], read.Attributes.Values);
    }

    [Fact]
    public void Normalize_OtherClrTypes_MapToTheAttributeValueTypes()
    {
        using var doc = JsonDocument.Parse("""{"a":[1,2.5,"x",null,{"k":true}]}""");
        var value = AttributeValues.Normalize(new Dictionary<object, object?>
        {
            ["i"] = 3, ["b"] = (byte)4, ["u"] = ulong.MaxValue, ["f"] = 0.5f, ["bytes"] = new byte[] { 1, 2, 3 },
            ["json"] = doc.RootElement, ["list"] = new List<int> { 1, 2 },
        });

        var map = Assert.IsType<Dictionary<string, object?>>(value);
        Assert.True(AttributeValues.IsCanonical(map));
        Assert.Equal(3L, map["i"]);
        Assert.Equal(4L, map["b"]);
        Assert.Equal((double)ulong.MaxValue, map["u"]);
        Assert.Equal(0.5, map["f"]);
        Assert.Equal("AQID", map["bytes"]);
        Assert.True(AttributeValues.Same(new Dictionary<string, object?> { ["a"] = new object?[] { 1L, 2.5, "x", null, new Dictionary<string, object?> { ["k"] = true } } }, (Dictionary<string, object?>)map["json"]!));
        Assert.True(AttributeValues.Same(new object?[] { 1L, 2L }, map["list"]));
    }
}
