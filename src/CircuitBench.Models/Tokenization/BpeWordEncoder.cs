using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace CircuitBench.Models.Tokenization;

/// <summary>
/// Encodes one pre-tokenized word: its UTF-8 bytes become byte tokens, then, as in GPT-2, the adjacent
/// pair with the lowest merge rank is merged everywhere (left to right, non-overlapping) until no pair
/// has a merge. Results are cached by word text (words up to <see cref="MaxCachedWordLength"/> units,
/// at most <see cref="CacheCapacity"/> words); a cache hit allocates nothing. Safe for concurrent use.
/// </summary>
internal sealed class BpeWordEncoder
{
    /// <summary>Longer words are encoded every time (they are rare and would bloat the cache).</summary>
    public const int MaxCachedWordLength = 128;

    /// <summary>Once this many words are cached, new words are no longer added.</summary>
    public const int CacheCapacity = 100_000;

    private const int StackBytes = 512;

    private readonly MergeTable merges;
    private readonly int[] byteTokenIds;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> cacheBySpan;
    private int cachedWords;

    public BpeWordEncoder(MergeTable merges, int[] byteTokenIds)
    {
        this.merges = merges;
        this.byteTokenIds = byteTokenIds;
        cacheBySpan = cache.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Appends the ids of <paramref name="word"/> to <paramref name="output"/>.</summary>
    public void Encode(ReadOnlySpan<char> word, ref IdBuffer output)
    {
        if (cacheBySpan.TryGetValue(word, out var cached))
        {
            output.Append(cached);
            return;
        }

        var maxBytes = Encoding.UTF8.GetMaxByteCount(word.Length);
        byte[]? rentedBytes = null;
        int[]? rentedSymbols = null;
        try
        {
            Span<byte> bytes = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : (rentedBytes = ArrayPool<byte>.Shared.Rent(maxBytes));
            var byteCount = Encoding.UTF8.GetBytes(word, bytes);
            Span<int> symbols = byteCount <= StackBytes / sizeof(int)
                ? stackalloc int[StackBytes / sizeof(int)]
                : (rentedSymbols = ArrayPool<int>.Shared.Rent(byteCount));
            var ids = symbols[..ApplyMerges(bytes[..byteCount], symbols)];
            output.Append(ids);
            Remember(word, ids);
        }
        finally
        {
            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }
            if (rentedSymbols is not null)
            {
                ArrayPool<int>.Shared.Return(rentedSymbols);
            }
        }
    }

    /// <summary>Writes the merged token ids of <paramref name="bytes"/> into <paramref name="symbols"/>; returns their count.</summary>
    private int ApplyMerges(ReadOnlySpan<byte> bytes, Span<int> symbols)
    {
        var count = bytes.Length;
        for (var i = 0; i < count; i++)
        {
            symbols[i] = byteTokenIds[bytes[i]];
        }

        while (count > 1)
        {
            var best = new Merge(int.MaxValue, -1);
            var (left, right) = (-1, -1);
            for (var i = 0; i + 1 < count; i++)
            {
                if (merges.TryGet(symbols[i], symbols[i + 1], out var merge) && merge.Rank < best.Rank)
                {
                    (best, left, right) = (merge, symbols[i], symbols[i + 1]);
                }
            }
            if (best.MergedId < 0)
            {
                break;
            }

            var written = 0;
            for (var read = 0; read < count; written++)
            {
                if (read + 1 < count && symbols[read] == left && symbols[read + 1] == right)
                {
                    symbols[written] = best.MergedId;
                    read += 2;
                }
                else
                {
                    symbols[written] = symbols[read++];
                }
            }
            count = written;
        }
        return count;
    }

    private void Remember(ReadOnlySpan<char> word, ReadOnlySpan<int> ids)
    {
        if (word.Length <= MaxCachedWordLength
            && Volatile.Read(ref cachedWords) < CacheCapacity
            && cache.TryAdd(word.ToString(), ids.ToArray()))
        {
            Interlocked.Increment(ref cachedWords);
        }
    }
}
