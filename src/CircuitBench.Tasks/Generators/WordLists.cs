namespace CircuitBench.Tasks.Generators;

/// <summary>The word lists of the text tasks (written for this project), each word with its leading space as it appears in the prompts.</summary>
internal static class WordLists
{
    /// <summary>First names for IOI.</summary>
    public static readonly string[] Names =
    [
        " Mary", " John", " Alice", " Bob", " Tom", " James", " Sarah", " Michael", " David", " Daniel", " Emma", " Anna",
        " Kate", " Paul", " Mark", " Peter", " Lisa", " Laura", " Rachel", " Jessica", " Steven", " Andrew", " Kevin",
        " Brian", " Jason", " Eric", " Adam", " Ryan", " Jack", " Luke", " Sam", " Ben", " Max", " Joe", " Dan", " Chris",
        " Jennifer", " Amy", " Emily", " Linda", " Susan", " Karen", " Nancy", " Helen", " Carol", " Ruth", " Michelle",
        " Kelly", " Scott", " George", " Frank", " Henry", " Charles", " Thomas", " Robert", " William", " Richard",
        " Joseph", " Edward", " Patrick", " Jacob", " Anthony", " Matthew", " Justin", " Alex", " Grace", " Rose",
        " Victoria", " Sophie", " Julia", " Claire", " Jane", " Tim", " Jeff", " Greg", " Roger", " Simon", " Oliver",
        " Harry", " Leo", " Lucy", " Ian", " Carl", " Neil", " Diana", " Jordan",
    ];

    /// <summary>Places for IOI (after "the").</summary>
    public static readonly string[] Places =
    [
        "store", "garden", "school", "hospital", "restaurant", "station", "office", "park", "house", "beach", "library",
        "museum", "market", "church", "airport", "lake", "farm", "bakery", "cinema", "hotel",
    ];

    /// <summary>Objects for IOI (after "a" or "the"; consonant-initial so "a" reads right).</summary>
    public static readonly string[] Objects =
    [
        "ring", "book", "bone", "drink", "basketball", "computer", "necklace", "kite", "guitar", "bottle", "letter",
        "ticket", "snack", "camera", "candle", "bag", "hat", "pen", "key", "cake",
    ];

    /// <summary>Nouns for greater-than ("The {noun} lasted from the year …").</summary>
    public static readonly string[] DurationNouns =
    [
        " war", " reign", " empire", " siege", " journey", " drought", " famine", " occupation", " expedition",
        " dynasty", " conflict", " trial", " project", " voyage", " rebellion", " revolution", " campaign", " crisis",
        " plague", " alliance", " strike", " festival", " council", " treaty", " partnership", " tradition",
    ];

    /// <summary>Parameter names for docstring prompts.</summary>
    public static readonly string[] Parameters =
    [
        " load", " size", " files", " last", " name", " value", " path", " data", " count", " index", " key", " mode",
        " user", " text", " config", " width", " height", " color", " port", " host", " token", " level", " limit",
        " source", " target", " offset", " state", " score", " weight", " label", " order", " query", " page", " field",
        " image", " model", " result", " parent", " child", " item", " line", " shape", " step", " start", " end",
        " timeout", " format", " options", " filter", " action",
    ];

    /// <summary>Filler words for function names and docstring descriptions.</summary>
    public static readonly string[] Filler =
    [
        " oil", " column", " piece", " crime", " population", " unit", " dark", " river", " stone", " glass", " paper",
        " market", " coffee", " engine", " window", " signal", " winter", " garden", " metal", " cloud", " music",
        " letter", " table", " summer", " bridge", " forest", " voice", " planet", " circle", " number",
    ];
}
