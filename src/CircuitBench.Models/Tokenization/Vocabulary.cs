using System.Text;

namespace CircuitBench.Models.Tokenization;

/// <summary>
/// The validated token ↔ id tables of a byte-level BPE tokenizer. Ordinary tokens are strings of
/// <see cref="ByteLevelAlphabet"/> symbols and decode to the bytes they stand for; special tokens
/// decode to the UTF-8 of their literal content. Ids may have gaps; <see cref="Size"/> is the largest
/// id plus one (the number of embedding rows a model needs). Read-only once built.
/// </summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> idsByToken;
    private readonly string?[] tokensById;
    private readonly byte[]?[] bytesById;

    private Vocabulary(Dictionary<string, int> idsByToken, string?[] tokensById, byte[]?[] bytesById, int[] byteTokenIds)
    {
        this.idsByToken = idsByToken;
        this.tokensById = tokensById;
        this.bytesById = bytesById;
        ByteTokenIds = byteTokenIds;
    }

    /// <summary>Largest id plus one.</summary>
    public int Size => tokensById.Length;

    /// <summary>The id of the single-symbol token of each byte value (all 256 are required).</summary>
    public int[] ByteTokenIds { get; }

    /// <summary>The id of a token (ordinary or special), or null.</summary>
    public int? IdOf(string token) => idsByToken.TryGetValue(token, out var id) ? id : null;

    /// <summary>The token string of an id, or null when no token has it.</summary>
    public string? TokenOf(int id) => (uint)id < (uint)tokensById.Length ? tokensById[id] : null;

    /// <summary>The bytes an id decodes to, or null when no token has it.</summary>
    public byte[]? BytesOf(int id) => (uint)id < (uint)bytesById.Length ? bytesById[id] : null;

    /// <summary>Validates the vocabulary and special tokens of <paramref name="definition"/>.</summary>
    public static Vocabulary Build(TokenizerDefinition definition)
    {
        var source = definition.Source;
        var idsByToken = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokensById = new Dictionary<int, string>();
        foreach (var (token, id) in definition.Vocabulary)
        {
            Add(idsByToken, tokensById, token, id, source, "vocabulary");
        }

        var specialIds = new HashSet<int>();
        foreach (var special in definition.SpecialTokens)
        {
            if (idsByToken.TryGetValue(special.Content, out var existing) && existing == special.Id)
            {
                specialIds.Add(special.Id);
                continue;
            }
            Add(idsByToken, tokensById, special.Content, special.Id, source, "special token");
            specialIds.Add(special.Id);
        }

        var size = tokensById.Count == 0 ? 0 : tokensById.Keys.Max() + 1;
        var tokens = new string?[size];
        var bytes = new byte[]?[size];
        foreach (var (id, token) in tokensById)
        {
            tokens[id] = token;
            bytes[id] = specialIds.Contains(id) ? Encoding.UTF8.GetBytes(token) : SymbolBytes(token, id, source);
        }
        return new Vocabulary(idsByToken, tokens, bytes, ByteTokens(idsByToken, source));
    }

    private static void Add(Dictionary<string, int> idsByToken, Dictionary<int, string> tokensById, string token, int id, string source, string kind)
    {
        if (id < 0)
        {
            throw new TokenizerFormatException($"{source}: {kind} '{token}' has the negative id {id}.");
        }
        if (!idsByToken.TryAdd(token, id))
        {
            throw new TokenizerFormatException(
                $"{source}: {kind} '{token}' has two ids, {idsByToken[token]} and {id}.");
        }
        if (!tokensById.TryAdd(id, token))
        {
            throw new TokenizerFormatException(
                $"{source}: id {id} is given to two tokens, '{tokensById[id]}' and {kind} '{token}'.");
        }
    }

    private static byte[] SymbolBytes(string token, int id, string source)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            if (!ByteLevelAlphabet.TryGetByte(token[i], out bytes[i]))
            {
                throw new TokenizerFormatException(
                    $"{source}: vocabulary token '{token}' (id {id}) contains U+{(int)token[i]:X4}, which is not one of " +
                    "the 256 byte-level symbols; only special (added) tokens may hold other characters.");
            }
        }
        return bytes;
    }

    private static int[] ByteTokens(Dictionary<string, int> idsByToken, string source)
    {
        var ids = new int[256];
        for (var b = 0; b < 256; b++)
        {
            var symbol = ByteLevelAlphabet.Symbol((byte)b).ToString();
            if (!idsByToken.TryGetValue(symbol, out ids[b]))
            {
                throw new TokenizerFormatException(
                    $"{source}: the vocabulary has no token for byte 0x{b:X2} (symbol '{symbol}', U+{(int)symbol[0]:X4}); " +
                    "a byte-level BPE vocabulary must hold all 256 byte symbols.");
            }
        }
        return ids;
    }
}
