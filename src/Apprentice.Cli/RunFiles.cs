using System.Text.Json;
using System.Text.Json.Serialization;

namespace Apprentice.Cli;

/// <summary>The files of a run directory: config.json and metrics.csv.</summary>
internal static class RunFiles
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Names, not numbers, so a config says "leaky_relu"; numbers written before still read.
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static void WriteConfig<T>(string directory, T config)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, "config.json"), JsonSerializer.Serialize(config, Json) + "\n");
    }

    public static T ReadConfig<T>(string directory)
    {
        string path = Path.Combine(directory, "config.json");
        if (!File.Exists(path)) throw new InputException($"cannot resume: '{path}' does not exist");
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), Json) ?? throw new JsonException("empty file");
        }
        catch (JsonException ex)
        {
            throw new InputException($"cannot resume: '{path}' is damaged ({ex.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>Appends one CSV row, writing the header first when the file is new.</summary>
    public static void AppendCsv(string path, string header, string row)
    {
        bool exists = File.Exists(path);
        using var writer = new StreamWriter(path, append: true);
        if (!exists) writer.WriteLine(header);
        writer.WriteLine(row);
    }

    /// <summary>The default run directory, runs/&lt;env&gt;-&lt;algo&gt;-s&lt;seed&gt;.</summary>
    public static string DefaultDirectory(string envId, string algo, int seed) => Path.Combine("runs", $"{envId}-{algo}-s{seed}");
}
