using Qyl.Ingest;

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
}
