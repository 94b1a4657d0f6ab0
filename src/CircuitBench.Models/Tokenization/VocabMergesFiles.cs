namespace CircuitBench.Models.Tokenization;

/// <summary>
/// Reads GPT-2's original pair of files: <c>vocab.json</c> (token → id, also shipped as
/// <c>encoder.json</c>) and <c>merges.txt</c> (also <c>vocab.bpe</c>: an optional <c>#version</c> line,
/// then one merge "left right" per line in rank order). As Hugging Face's GPT2Tokenizer does by default,
/// <c>&lt;|endoftext|&gt;</c> is the special token when the vocabulary holds it.
/// </summary>
internal static class VocabMergesFiles
{
    public static TokenizerDefinition Read(string vocabPath, string mergesPath)
    {
        List<KeyValuePair<string, int>> vocabulary;
        using (var document = TokenizerJson.ParseObjectFile(vocabPath))
        {
            vocabulary = TokenizerJson.ReadVocabulary(document.RootElement, vocabPath, "the root object");
        }
        var specials = vocabulary.Where(entry => entry.Key == Gpt2Tokenizer.EndOfText).Select(entry => new SpecialToken(entry.Key, entry.Value));
        return new TokenizerDefinition($"'{vocabPath}'", vocabulary, ReadMerges(mergesPath), specials.ToList());
    }

    private static List<MergeRule> ReadMerges(string path)
    {
        var merges = new List<MergeRule>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if ((lineNumber == 1 && line.StartsWith("#version", StringComparison.Ordinal)) || line.Length == 0)
            {
                continue;
            }
            var parts = line.Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
            {
                throw new TokenizerFormatException(
                    $"'{path}' line {lineNumber}: expected a merge \"left right\" (two tokens separated by one space), found \"{line}\".");
            }
            merges.Add(new MergeRule(parts[0], parts[1], $"line {lineNumber} of '{path}'"));
        }
        return merges;
    }
}
