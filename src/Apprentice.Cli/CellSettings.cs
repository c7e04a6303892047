using System.Text.Json;
using System.Text.Json.Nodes;

namespace Apprentice.Cli;

/// <summary>
/// Whether a cell of a reproduction folder was made with the settings this invocation would give it. A cell's folder
/// is named by task, column, trajectories and run only, so without this check a quick look (<c>--budget</c>, another
/// <c>--eval-episodes</c>) and a full run, or cells made under an earlier version's defaults, would mix in one table.
/// config.json is compared field by field, leaving out what does not change the numbers: the pool's path and the
/// digest of its pairs (the expert manifest guards the pool itself) and the sampler's worker count (results are the
/// same for any).
/// </summary>
internal static class CellSettings
{
    /// <summary>Throws when <paramref name="cellDir"/>'s config.json differs from <paramref name="planned"/>, naming the first difference.</summary>
    public static void Check(ImitateRun planned, string cellDir)
    {
        ImitateRun stored = Read(cellDir);
        if (FirstDifference(Comparable(stored), Comparable(planned), "") is string difference)
            throw new InputException($"the cell '{cellDir}' was made with other settings ({difference}; another --budget, --eval-episodes or --optimizer, or an earlier version's defaults); delete that folder to redo it, or choose another --out");
    }

    /// <summary>The settings <paramref name="cellDir"/> was made with (its config.json); <see cref="InputException"/> when unreadable.</summary>
    public static ImitateRun Read(string cellDir)
    {
        try
        {
            return JsonSerializer.Deserialize<ImitateRun>(File.ReadAllText(Path.Combine(cellDir, "config.json")), RunFiles.Json) ?? throw new JsonException("empty file");
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            throw new InputException($"the cell '{cellDir}' has no readable config.json ({ex.Message.ReplaceLineEndings(" ")}); delete that folder to redo it");
        }
    }

    private static JsonNode? Comparable(ImitateRun run) => JsonSerializer.SerializeToNode(
        run with { Demos = "", ExpertPairsSha256 = null, Gail = run.Gail is null ? null : run.Gail with { Workers = 1 } }, RunFiles.Json);

    /// <summary>"gail.iterations 3, not 301" for the first field where <paramref name="stored"/> and <paramref name="planned"/> differ; null when none does.</summary>
    private static string? FirstDifference(JsonNode? stored, JsonNode? planned, string path)
    {
        if (stored is JsonObject a && planned is JsonObject b)
        {
            foreach (string key in a.Select(p => p.Key).Union(b.Select(p => p.Key)))
                if (FirstDifference(a[key], b[key], path.Length == 0 ? key : $"{path}.{key}") is string found)
                    return found;
            return null;
        }
        string x = stored?.ToJsonString() ?? "null", y = planned?.ToJsonString() ?? "null";
        return x == y ? null : $"{path} {x}, not {y}";
    }
}
