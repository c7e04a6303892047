using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Apprentice.Data;

/// <summary>
/// JSON as Python's <c>json</c> module writes it, which is not quite JSON: a float that is infinite or NaN is the bare
/// token <c>Infinity</c>, <c>-Infinity</c> or <c>NaN</c> (a Box space's bounds, say, in Minari's metadata).
/// </summary>
public static class PythonJson
{
    /// <summary>Parses such text; each bare token becomes the string <c>"Infinity"</c>, <c>"-Infinity"</c> or <c>"NaN"</c>, which <see cref="Double"/> reads back.</summary>
    /// <exception cref="JsonException">The text is not JSON, even so.</exception>
    public static JsonNode? Parse(string text)
    {
        var quoted = new StringBuilder(text.Length);
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                quoted.Append(c);
                if (c == '\\' && i + 1 < text.Length) quoted.Append(text[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            string? token = NonFinite(text, i);
            if (token is null)
            {
                quoted.Append(c);
                continue;
            }
            quoted.Append('"').Append(token).Append('"');
            i += token.Length - 1;
        }
        return JsonNode.Parse(quoted.ToString());
    }

    /// <summary>A number as <see cref="Parse"/> leaves it: a JSON number, or one of the three tokens as a string.</summary>
    /// <exception cref="FormatException">It is neither.</exception>
    public static double Double(JsonNode? node)
    {
        if (node is JsonValue value)
        {
            if (value.TryGetValue(out double d)) return d;
            if (value.TryGetValue(out string? s))
                return s switch
                {
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    "NaN" => double.NaN,
                    _ => throw new FormatException($"'{s}' is not a number"),
                };
        }
        throw new FormatException($"{node?.ToJsonString() ?? "null"} is not a number");
    }

    /// <summary>A float as Python's <c>json.dumps</c> writes one: the shortest text that reads back, <c>1.0</c> for one, the bare tokens for the rest.</summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "Infinity" : "-Infinity";
        string text = value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);
        return text.Contains('.') || text.Contains('e') ? text : text + ".0";
    }

    /// <summary>A string as a JSON string literal, non-ASCII escaped as Python's <c>json.dumps</c> does by default.</summary>
    public static string String(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case < ' ' or > '~': text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"); break;
                default: text.Append(c); break;
            }
        }
        return text.Append('"').ToString();
    }

    private static string? NonFinite(string text, int at)
    {
        foreach (string token in (ReadOnlySpan<string>)["-Infinity", "Infinity", "NaN"])
            if (string.CompareOrdinal(text, at, token, 0, token.Length) == 0) return token;
        return null;
    }
}
