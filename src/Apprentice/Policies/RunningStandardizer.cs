using System.Text.Json;
using System.Text.Json.Serialization;

namespace Apprentice.Policies;

/// <summary>
/// Running per-feature standardisation x' = (x − mean) / (std + ε), with mean and mean-of-squares
/// averaged over every row seen so far, as the authors' <c>Standardizer</c> does (ε = 1e-6, std clamped
/// at 0 from below). Before the first update it is the identity. Statistics are kept in double.
/// </summary>
public sealed class RunningStandardizer
{
    private const double Epsilon = 1e-6;
    private readonly double[] _mean;
    private readonly double[] _meanSquare;
    private readonly float[] _shift;
    private readonly float[] _scale;

    public RunningStandardizer(int size)
    {
        Guard.Positive(size, nameof(size));
        _mean = new double[size];
        _meanSquare = new double[size];
        _shift = new float[size];
        _scale = new float[size];
        Array.Fill(_meanSquare, 1.0);
        Refresh();
    }

    public int Size => _mean.Length;

    /// <summary>Rows seen so far.</summary>
    public double Count { get; private set; }

    public ReadOnlySpan<double> Mean => _mean;

    public ReadOnlySpan<double> MeanSquare => _meanSquare;

    /// <summary>The float map <see cref="Standardize"/> applies: x' = (x − Shift)·Scale (0 and 1 before any update).</summary>
    public ReadOnlySpan<float> Shift => _shift;

    /// <summary>1/(std + ε) per feature; see <see cref="Shift"/>.</summary>
    public ReadOnlySpan<float> Scale => _scale;

    /// <summary>Folds a batch [rows × Size] into the running averages.</summary>
    public void Update(ReadOnlySpan<float> batch)
    {
        if (batch.Length == 0) return;
        if (batch.Length % Size != 0)
            throw new ArgumentException($"batch has length {batch.Length}, not a multiple of the feature size {Size}");
        int rows = batch.Length / Size;
        double keep = Count / (Count + rows);
        for (int j = 0; j < Size; j++)
        {
            double sum = 0, sumSquare = 0;
            for (int i = 0; i < rows; i++)
            {
                double x = batch[i * Size + j];
                sum += x;
                sumSquare += x * x;
            }
            _mean[j] = keep * _mean[j] + (1 - keep) * sum / rows;
            _meanSquare[j] = keep * _meanSquare[j] + (1 - keep) * sumSquare / rows;
        }
        Count += rows;
        Refresh();
    }

    /// <summary>Folds rows [count × Size] into the running averages, row i counted <paramref name="repeats"/>[i] times.</summary>
    public void Update(ReadOnlySpan<float> rows, ReadOnlySpan<int> repeats)
    {
        Guard.Length(rows, repeats.Length * Size, nameof(rows));
        long total = 0;
        foreach (int r in repeats) total += r;
        if (total == 0) return;
        double keep = Count / (Count + total);
        for (int j = 0; j < Size; j++)
        {
            double sum = 0, sumSquare = 0;
            for (int i = 0; i < repeats.Length; i++)
            {
                double x = rows[i * Size + j];
                sum += repeats[i] * x;
                sumSquare += repeats[i] * x * x;
            }
            _mean[j] = keep * _mean[j] + (1 - keep) * sum / total;
            _meanSquare[j] = keep * _meanSquare[j] + (1 - keep) * sumSquare / total;
        }
        Count += total;
        Refresh();
    }

    /// <summary>Overwrites the statistics with <paramref name="other"/>'s, which standardises as many features.</summary>
    public void CopyFrom(RunningStandardizer other) => Set(other.Count, other.Mean, other.MeanSquare);

    /// <summary>Overwrites the statistics (from a saved model).</summary>
    public void Set(double count, ReadOnlySpan<double> mean, ReadOnlySpan<double> meanSquare)
    {
        Guard.Length(mean, Size, nameof(mean));
        Guard.Length(meanSquare, Size, nameof(meanSquare));
        Count = count;
        mean.CopyTo(_mean);
        meanSquare.CopyTo(_meanSquare);
        Refresh();
    }

    /// <summary>The statistics as JSON, exact doubles: <c>{"count":…,"mean":[…],"mean_square":[…]}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new State(Count, _mean, _meanSquare));

    /// <summary>Restores statistics written by <see cref="ToJson"/>; malformed text throws <see cref="FormatException"/>.</summary>
    public void LoadJson(string json)
    {
        State state;
        try
        {
            state = JsonSerializer.Deserialize<State>(json) ?? throw new FormatException("empty statistics");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"malformed statistics: {ex.Message.ReplaceLineEndings(" ")}");
        }
        if (state.Mean is null || state.MeanSquare is null || state.Mean.Length != Size || state.MeanSquare.Length != Size)
            throw new FormatException($"statistics for {state.Mean?.Length ?? 0} features, expected {Size}");
        if (!(state.Count >= 0) || state.Mean.Any(v => !double.IsFinite(v)) || state.MeanSquare.Any(v => !double.IsFinite(v)))
            throw new FormatException("statistics hold a negative count, NaN or infinity");
        Set(state.Count, state.Mean, state.MeanSquare);
    }

    /// <summary>destination = (x − mean) / (std + ε), row by row; x is [rows × Size].</summary>
    public void Standardize(ReadOnlySpan<float> x, Span<float> destination)
    {
        Guard.Length<float>(destination, x.Length, nameof(destination));
        if (x.Length % Size != 0)
            throw new ArgumentException($"input has length {x.Length}, not a multiple of the feature size {Size}");
        for (int i = 0; i < x.Length; i += Size)
        for (int j = 0; j < Size; j++)
            destination[i + j] = (x[i + j] - _shift[j]) * _scale[j];
    }

    /// <summary>The inverse map: destination = y·(std + ε) + mean.</summary>
    public void Unstandardize(ReadOnlySpan<float> y, Span<float> destination)
    {
        Guard.Length<float>(destination, y.Length, nameof(destination));
        if (y.Length % Size != 0)
            throw new ArgumentException($"input has length {y.Length}, not a multiple of the feature size {Size}");
        for (int i = 0; i < y.Length; i += Size)
        for (int j = 0; j < Size; j++)
            destination[i + j] = y[i + j] / _scale[j] + _shift[j];
    }

    private void Refresh()
    {
        for (int j = 0; j < Size; j++)
        {
            bool identity = Count == 0;
            double std = Math.Sqrt(Math.Max(0.0, _meanSquare[j] - _mean[j] * _mean[j]));
            _shift[j] = identity ? 0f : (float)_mean[j];
            _scale[j] = identity ? 1f : (float)(1.0 / (std + Epsilon));
        }
    }

    private sealed record State(
        [property: JsonPropertyName("count")] double Count,
        [property: JsonPropertyName("mean")] double[] Mean,
        [property: JsonPropertyName("mean_square")] double[] MeanSquare);
}
