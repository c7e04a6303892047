using System.Globalization;

namespace Apprentice.Data;

/// <summary>
/// Parses the Python literal in a <c>.npy</c> header: a dict of quoted keys to strings, <c>True</c>/<c>False</c>,
/// or tuples of integers. Only that subset, so nothing in a header is ever evaluated.
/// </summary>
internal sealed class NpyHeader
{
    private readonly string _text;
    private readonly string _context;
    private int _pos;

    private NpyHeader(string text, string context)
    {
        _text = text;
        _context = context;
    }

    /// <summary>Values are <see cref="string"/>, <see cref="bool"/> or <c>int[]</c> (a shape tuple).</summary>
    public static Dictionary<string, object> Parse(string text, string context) => new NpyHeader(text, context).Dict();

    private Dictionary<string, object> Dict()
    {
        var result = new Dictionary<string, object>(StringComparer.Ordinal);
        Expect('{');
        while (true)
        {
            SkipSpace();
            if (Peek() == '}')
            {
                _pos++;
                break;
            }
            string key = QuotedString();
            Expect(':');
            result[key] = Value();
            SkipSpace();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }
            Expect('}');
            break;
        }
        SkipSpace();
        if (_pos != _text.Length) throw Bad("text after the closing brace");
        return result;
    }

    private object Value()
    {
        SkipSpace();
        char c = Peek();
        if (c is '\'' or '"') return QuotedString();
        if (c == '(') return Tuple();
        if (c == '[') throw Bad("a list value (structured dtypes are not supported)");
        if (Match("True")) return true;
        if (Match("False")) return false;
        throw Bad($"unexpected '{c}'");
    }

    private int[] Tuple()
    {
        Expect('(');
        var items = new List<int>();
        while (true)
        {
            SkipSpace();
            if (Peek() == ')')
            {
                _pos++;
                return [.. items];
            }
            int start = _pos;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos])) _pos++;
            if (start == _pos) throw Bad("a shape entry that is not a non-negative integer");
            if (!int.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                throw Bad("a shape entry too large");
            items.Add(value);
            if (_pos < _text.Length && _text[_pos] == 'L') _pos++; // Python 2 long literal
            SkipSpace();
            if (Peek() == ',') _pos++;
            else if (Peek() != ')') throw Bad("a malformed shape tuple");
        }
    }

    private string QuotedString()
    {
        SkipSpace();
        char quote = Peek();
        if (quote is not ('\'' or '"')) throw Bad("a key that is not a quoted string");
        int end = _text.IndexOf(quote, _pos + 1);
        if (end < 0) throw Bad("an unterminated string");
        string s = _text[(_pos + 1)..end];
        _pos = end + 1;
        return s;
    }

    private bool Match(string word)
    {
        if (string.CompareOrdinal(_text, _pos, word, 0, word.Length) != 0) return false;
        _pos += word.Length;
        return true;
    }

    private void Expect(char c)
    {
        SkipSpace();
        if (Peek() != c) throw Bad($"expected '{c}'");
        _pos++;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private InputException Bad(string what) =>
        new($"{_context}: bad header ({what} at character {_pos}): {_text.Trim()}");
}
