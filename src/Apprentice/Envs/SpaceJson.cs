using System.Text.Json;
using System.Text.Json.Nodes;

namespace Apprentice.Envs;

/// <summary>
/// Spaces as JSON, for files that must say what they act on: <c>{"type":"discrete","n":2}</c> or
/// <c>{"type":"box","shape":[3],"low":[..],"high":[..]}</c> (infinite bounds as the strings "inf"/"-inf").
/// </summary>
public static class SpaceJson
{
    public static string Write(Space space) => space switch
    {
        Discrete d => new JsonObject { ["type"] = "discrete", ["n"] = d.N }.ToJsonString(),
        Box b => new JsonObject
        {
            ["type"] = "box",
            ["shape"] = new JsonArray(b.Shape.Select(s => (JsonNode)s).ToArray()),
            ["low"] = Bounds(b.Low),
            ["high"] = Bounds(b.High),
        }.ToJsonString(),
        _ => throw new ArgumentException($"cannot describe space {space}"),
    };

    /// <summary>Parses what <see cref="Write"/> wrote; anything else throws <see cref="FormatException"/>.</summary>
    public static Space Read(string json)
    {
        try
        {
            var o = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("a space must be a JSON object");
            switch ((string?)o["type"])
            {
                case "discrete":
                    return new Discrete((int)o["n"]!);
                case "box":
                    int[] shape = ((JsonArray)o["shape"]!).Select(n => (int)n!).ToArray();
                    return new Box(ParseBounds((JsonArray)o["low"]!), ParseBounds((JsonArray)o["high"]!), shape);
                default:
                    throw new FormatException($"unknown space type '{o["type"]}'");
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidCastException or NullReferenceException or InvalidOperationException or ArgumentException)
        {
            throw new FormatException($"not a space: {json}");
        }
    }

    private static JsonArray Bounds(float[] values) =>
        new(values.Select(v => float.IsFinite(v) ? (JsonNode)v : (JsonNode)(v > 0 ? "inf" : "-inf")).ToArray());

    private static float[] ParseBounds(JsonArray values) => values.Select(n => n!.GetValueKind() switch
    {
        JsonValueKind.String => (string)n! == "inf" ? float.PositiveInfinity : (string)n! == "-inf" ? float.NegativeInfinity : throw new FormatException(),
        _ => (float)n!,
    }).ToArray();
}
