using System.Text.Json;
using System.Text.Json.Nodes;
using Apprentice.Data;

namespace Apprentice.Tests.Data;

/// <summary>JSON as Python's json module writes and reads it: bare Infinity and NaN, floats with their ".0", ASCII only.</summary>
public sealed class PythonJsonTests
{
    [Fact]
    public void Parse_TakesBareNonFiniteTokens_ButLeavesThemInsideStrings()
    {
        var o = (JsonObject)PythonJson.Parse("""{"low": [-Infinity, 1.5, NaN], "high": Infinity, "name": "NaN and -Infinity \" Infinity"}""")!;
        double[] low = [.. ((JsonArray)o["low"]!).Select(PythonJson.Double)];
        Assert.Equal(double.NegativeInfinity, low[0]);
        Assert.Equal(1.5, low[1]);
        Assert.True(double.IsNaN(low[2]));
        Assert.Equal(double.PositiveInfinity, PythonJson.Double(o["high"]));
        Assert.Equal("NaN and -Infinity \" Infinity", (string?)o["name"]);
        Assert.Throws<FormatException>(() => PythonJson.Double(o["name"]));
        Assert.ThrowsAny<JsonException>(() => PythonJson.Parse("{\"a\": Inf}"));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(-3.75, "-3.75")]
    [InlineData(0.4000000059604645, "0.4000000059604645")]
    [InlineData(1e-05, "1e-05")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    [InlineData(double.NaN, "NaN")]
    public void Float_AsPythonsRepr(double value, string expected) => Assert.Equal(expected, PythonJson.Float(value));

    [Fact]
    public void String_EscapesAsJsonDumps_AndReadsBack()
    {
        string value = "a \"quoted\" \\ path\nwith é and \u0001";
        string written = PythonJson.String(value);
        Assert.Equal("\"a \\\"quoted\\\" \\\\ path\\nwith \\u00e9 and \\u0001\"", written);
        Assert.Equal(value, JsonSerializer.Deserialize<string>(written));
    }
}
