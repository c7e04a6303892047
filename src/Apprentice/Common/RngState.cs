using System.Globalization;

namespace Apprentice;

/// <summary>A generator's position in its stream: xoshiro256**'s four words and the Gaussian it holds back, if any.</summary>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, double? SpareGaussian)
{
    /// <summary>The words in hex and the spare Gaussian round-trippable ("1f 2a 3 4 -0.25"), as a checkpoint's text stores it.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{S0:x} {S1:x} {S2:x} {S3:x}{(SpareGaussian is double g ? $" {g:R}" : "")}");

    /// <summary>Reads <see cref="ToString"/>'s form; null when the text is not one.</summary>
    public static RngState? Parse(string? text)
    {
        string[] parts = (text ?? "").Split(' ');
        if (parts.Length is not (4 or 5)) return null;
        var words = new ulong[4];
        for (int i = 0; i < 4; i++)
            if (!ulong.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out words[i])) return null;
        if ((words[0] | words[1] | words[2] | words[3]) == 0) return null;
        double? spare = null;
        if (parts.Length == 5)
        {
            if (!double.TryParse(parts[4], NumberStyles.Float, CultureInfo.InvariantCulture, out double g) || !double.IsFinite(g)) return null;
            spare = g;
        }
        return new RngState(words[0], words[1], words[2], words[3], spare);
    }
}
