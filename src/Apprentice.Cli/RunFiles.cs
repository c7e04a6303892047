using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Apprentice.Cli;

/// <summary>The files of a run directory: config.json, metrics.csv and its TensorBoard events.</summary>
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

    /// <summary>Writes config.json, and shows it in TensorBoard's Text tab when the run logs there.</summary>
    public static void WriteConfig<T>(string directory, T config)
    {
        string json = JsonSerializer.Serialize(config, Json);
        AtomicFile.WriteAllText(Path.Combine(directory, "config.json"), json + "\n");
        // As text at step 0, indented into a Markdown code block; each resume logs it again (it may extend the run), and
        // TensorBoard shows the latest.
        using TensorBoardWriter? events = TensorBoardWriter.Continue(directory);
        events?.Text(0, "config", string.Join("\n", json.Split('\n').Select(line => "    " + line.TrimEnd('\r'))));
    }

    /// <summary>
    /// A run's config.json, to resume it. With <paramref name="resumedBy"/> (`train` or `imitate`), a folder the other
    /// command made is refused, naming the command that continues it: `imitate` writes its algorithm into config.json,
    /// `train` none (else `imitate --resume` of a train run took it for behaviour cloning, and `train --resume` of an
    /// imitate run missed a checkpoint file).
    /// </summary>
    public static T ReadConfig<T>(string directory, string? resumedBy = null)
    {
        string path = Path.Combine(directory, "config.json");
        if (!File.Exists(path)) throw new InputException($"cannot resume: '{path}' does not exist");
        string text = File.ReadAllText(path);
        try
        {
            if (resumedBy is not null && JsonNode.Parse(text) is JsonObject fields)
            {
                string madeBy = fields.ContainsKey("algo") ? "imitate" : "train";
                if (madeBy != resumedBy)
                    throw new InputException($"'{directory}' holds a run of 'apprentice {madeBy}', not '{resumedBy}'; continue it with 'apprentice {madeBy} --resume {directory}'");
            }
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new JsonException("empty file");
        }
        catch (JsonException ex)
        {
            throw new InputException($"cannot resume: '{path}' is damaged ({ex.Message.ReplaceLineEndings(" ")})");
        }
    }

    /// <summary>
    /// Appends a row to the run's <c>metrics.csv</c> and, when the run logs to TensorBoard (its folder holds an event
    /// file, see <see cref="StartEvents"/>), each number of the row as a scalar under its column's name, at the step
    /// the first column gives, and then a histogram of each of <paramref name="histograms"/>' value sets there (gathered
    /// only when the run logs).
    /// </summary>
    public static void AppendMetrics(string directory, string header, string row,
        Func<IEnumerable<(string Tag, double[] Values)>>? histograms = null)
    {
        AppendCsv(Path.Combine(directory, "metrics.csv"), header, row);
        using TensorBoardWriter? events = TensorBoardWriter.Continue(directory);
        if (events is null) return;
        string[] names = header.Split(','), values = row.Split(',');
        var scalars = new List<(string, float)>(names.Length);
        for (int i = 1; i < Math.Min(names.Length, values.Length); i++)
            if (double.TryParse(values[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)) scalars.Add((names[i], (float)value));
        long step = long.Parse(values[0], CultureInfo.InvariantCulture);
        events.Scalars(step, scalars);
        if (histograms is null) return;
        foreach (var (tag, set) in histograms()) events.Histogram(step, tag, set);
    }

    /// <summary>
    /// Makes the run log to TensorBoard from now on: an event file in its folder, unless it has one already. A new one
    /// opens with the run's <paramref name="config"/> as the hyperparameters of an HParams session (see
    /// <see cref="Hyperparameters"/>), so that the HParams tab sets runs side by side by their settings.
    /// </summary>
    /// <remarks>Call it before <see cref="WriteConfig"/>, which then shows the config there.</remarks>
    public static void StartEvents<T>(string directory, T config)
    {
        using TensorBoardWriter? existing = TensorBoardWriter.Continue(directory);
        if (existing is not null) return;
        using TensorBoardWriter events = TensorBoardWriter.Create(directory);
        events.SessionStart(Hyperparameters(JsonSerializer.SerializeToElement(config, Json)));
    }

    /// <summary>
    /// When the run logs to TensorBoard, its final figures (<paramref name="scalars"/>, at <paramref name="step"/>) and the
    /// end of its HParams session, succeeded or failed; nothing otherwise.
    /// </summary>
    public static void EndEvents(string directory, bool success, long step = 0, IReadOnlyList<(string Tag, float Value)>? scalars = null)
    {
        using TensorBoardWriter? events = TensorBoardWriter.Continue(directory);
        if (events is null) return;
        if (scalars is { Count: > 0 }) events.Scalars(step, scalars);
        events.SessionEnd(success);
    }

    /// <summary>
    /// A config's settings as hyperparameters: every number, string and bool, named by its path with dots
    /// (<c>gail.trpo.max_kl</c>); an array of them as one string of its items joined by commas (<c>hidden</c>: <c>100,100</c>,
    /// as <c>--hidden</c> takes it); nulls left out.
    /// </summary>
    internal static IEnumerable<(string Name, object Value)> Hyperparameters(JsonElement element, string prefix = "")
    {
        foreach (JsonProperty property in element.EnumerateObject())
        {
            string name = prefix + property.Name;
            JsonElement value = property.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var nested in Hyperparameters(value, name + ".")) yield return nested;
                    break;
                case JsonValueKind.Array:
                    yield return (name, string.Join(",", value.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.String ? item.GetString() : item.GetRawText())));
                    break;
                case JsonValueKind.Number:
                    yield return (name, value.GetDouble());
                    break;
                case JsonValueKind.String:
                    yield return (name, value.GetString()!);
                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    yield return (name, value.GetBoolean());
                    break;
            }
        }
    }

    /// <summary>The option that asks for it, shared by train and imitate.</summary>
    public static Option<bool> TensorBoardOption() => new("--tensorboard")
    {
        Description = "Also log every metrics.csv column, config.json as text and as the run's hyperparameters, histograms of each network layer and of a batch's episode returns, lengths and rewards (at about 100 iterations of the run), and the final figures, to a TensorBoard event file in the run folder (tensorboard --logdir runs); a resumed run continues it.",
    };

    /// <summary>Appends one CSV row, writing the header first when the file is new.</summary>
    private static void AppendCsv(string path, string header, string row)
    {
        bool exists = File.Exists(path);
        using var writer = new StreamWriter(path, append: true);
        if (!exists) writer.WriteLine(header);
        writer.WriteLine(row);
    }

    /// <summary>The default run directory, runs/&lt;env&gt;-&lt;algo&gt;-s&lt;seed&gt;.</summary>
    public static string DefaultDirectory(string envId, string algo, int seed) => Path.Combine("runs", $"{envId}-{algo}-s{seed}");
}
