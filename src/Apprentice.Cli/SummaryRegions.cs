namespace Apprentice.Cli;

/// <summary>
/// The parts of a hand-written markdown file that `summary --markdown` keeps up to date, so that a report's tables
/// are regenerated from their results instead of copied. A region runs from a line
/// <c>&lt;!-- apprentice summary INPUT... --&gt;</c> to a line <c>&lt;!-- end apprentice summary --&gt;</c>, and holds the
/// tables of the inputs its opening line names (paths relative to the file, as the file's links are). Its task
/// headings sit one level below the heading the region is under. Everything outside the regions is left as it is.
/// </summary>
internal static class SummaryRegions
{
    private const string Open = "<!-- apprentice summary ";
    private const string Close = "<!-- end apprentice summary -->";
    private const string MarkerEnd = "-->";

    /// <summary>A region: the inputs its opening line names, and the level its task headings take.</summary>
    public sealed record Region(IReadOnlyList<string> Inputs, int HeadingLevel);

    /// <summary>
    /// <paramref name="text"/> with each region's content replaced by what <paramref name="content"/> gives for it,
    /// or kept where that is null. A region left open, an end without an opening, or an opening that names no input is
    /// refused with its line in <paramref name="source"/>.
    /// </summary>
    public static string Replace(string text, string source, Func<Region, string?> content)
    {
        // A file with Windows line ends keeps them, the new tables' lines included.
        bool crlf = text.Contains("\r\n", StringComparison.Ordinal);
        string[] lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var result = new List<string>(lines.Length);
        int headingLevel = 1;
        bool inFence = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i], trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal)) inFence = !inFence;
            if (!inFence && trimmed.StartsWith('#')) headingLevel = trimmed.TakeWhile(c => c == '#').Count();
            if (!inFence && trimmed == Close) throw new InputException($"{source} line {i + 1}: '{Close}' without a region opened before it");
            result.Add(line);
            if (inFence || !trimmed.StartsWith(Open, StringComparison.Ordinal)) continue;

            var region = new Region(Inputs(trimmed, source, i + 1), Math.Min(headingLevel + 1, 6));
            int end = Array.FindIndex(lines, i + 1, l => l.Trim() == Close);
            int nested = Array.FindIndex(lines, i + 1, l => l.Trim().StartsWith(Open, StringComparison.Ordinal));
            if (end < 0 || (nested >= 0 && nested < end))
                throw new InputException($"{source} line {i + 1}: a region opened here has no '{Close}' before the next region or the end");
            string? replacement = content(region);
            if (replacement is null) result.AddRange(lines[(i + 1)..end]);
            else result.AddRange(("\n" + replacement.Trim('\n') + "\n").Split('\n'));
            result.Add(lines[end]);
            i = end;
        }
        string joined = string.Join('\n', result);
        return crlf ? joined.Replace("\n", "\r\n", StringComparison.Ordinal) : joined;
    }

    /// <summary>The inputs an opening line names, space-separated between the marker's words and its "-->".</summary>
    private static string[] Inputs(string opening, string source, int line)
    {
        if (!opening.EndsWith(MarkerEnd, StringComparison.Ordinal))
            throw new InputException($"{source} line {line}: a region's opening must end with '{MarkerEnd}' on its own line");
        string[] inputs = opening[Open.Length..^MarkerEnd.Length].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (inputs.Length == 0) throw new InputException($"{source} line {line}: a region's opening names no results to tabulate");
        return inputs;
    }
}
