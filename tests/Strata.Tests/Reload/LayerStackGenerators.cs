using CsCheck;

namespace Strata.Tests.Reload;

/// <summary>A starting layer stack and the edits applied to it, one array of edits per reload.</summary>
internal sealed record LayerScenario(bool BaseJson, bool WithAgent, FileMap Base, (int Name, FileMap Tree)[] Fragments, FileMap Environment, FileMap Agent, LayerEdit[][] Steps)
{
    /// <summary>A fresh (mutable) stack holding the starting files.</summary>
    public LayerStack CreateStack()
    {
        var stack = new LayerStack();
        var root = (FileMap)Base.Clone();

        // The keys the references point at exist at the start, so most stacks start valid.
        foreach (var (key, value) in LayerStackGenerators.Seed)
        {
            if (!root.Entries.Any(e => e.Key == key))
            {
                root.Entries.Insert(0, new(key, value.Clone()));
            }
        }

        stack.Files[BaseJson ? "base.json" : "base.yaml"] = new LayerFileModel(root);
        foreach (var (name, tree) in Fragments)
        {
            stack.Files[LayerStack.FragmentNames[name % LayerStack.FragmentNames.Length]] = new LayerFileModel((FileMap)tree.Clone());
        }

        stack.Files[$"environments/{LayerStack.Environment}.yaml"] = new LayerFileModel((FileMap)Environment.Clone());
        if (WithAgent)
        {
            stack.Files[$"agents/{LayerStack.AgentName}.yaml"] = new LayerFileModel((FileMap)Agent.Clone());
        }

        return stack;
    }

    public override string ToString() =>
        $"base{(BaseJson ? ".json" : ".yaml")}: {Base}\nfragments: {string.Join("; ", Fragments.Select(f => LayerStack.FragmentNames[f.Name % LayerStack.FragmentNames.Length] + " " + f.Tree))}\n"
        + $"env: {Environment}\nagent: {(WithAgent ? Agent.ToString() : "none")}\nsteps:\n" + string.Join("\n", Steps.Select((s, i) => $"  {i + 1}: {string.Join(", ", s.Select(e => e.ToString()))}"));
}

/// <summary>Generators of layer files: keys that collide across layers, every kind of scalar, references, tags.</summary>
internal static class LayerStackGenerators
{
    /// <summary>Keys, few enough that layers collide; <c>x.y</c> needs quoting in a path.</summary>
    public static readonly string[] Keys = ["db", "host", "port", "level", "tags", "timeout", "name", "cache", "items", "mode", "x.y", "enabled"];

    /// <summary>Keys that clash by case with <c>level</c> (top level) and <c>db.port</c> (nested): a merged tree holding both is refused.</summary>
    public static readonly string[] Clashing = ["Level", "Port"];

    /// <summary>What the base file always starts with: the keys the references below point at.</summary>
    public static readonly (string Key, FileValue Value)[] Seed =
    [
        ("level", new FileScalar("3", "3", false)),
        ("tags", new FileList([new FileScalar("a", "\"a\"", false), new FileScalar("b", "\"b\"", false)])),
        ("db", new FileMap([new("host", new FileScalar("localhost", "\"localhost\"", false)), new("port", new FileScalar("5432", "5432", false))], false)),
    ];

    /// <summary>The variables every manager in the test sees (the process environment never leaks in).</summary>
    public static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["HOST_NAME"] = "box-1",
        ["PORT_VAR"] = "6380",
        ["STRATA__DB__TIMEOUT"] = "30",
        ["STRATA__TAGS__1"] = "from-env",
    };

    private static readonly (string Yaml, string Json)[] Plain =
    [
        ("42", "42"), ("-7", "-7"), ("0x1F", "31"), ("0", "0"),
        ("3.5", "3.5"), ("1e3", "1e3"), ("0.0", "0.0"), ("-0.0", "-0.0"), (".inf", "1e308"), (".nan", "\"nan\""),
        ("true", "true"), ("false", "false"),
        ("null", "null"), ("~", "null"), (string.Empty, "null"),
        ("hello", "\"hello\""), ("héllo wörld", "\"héllo wörld\""), ("'42'", "\"42\""), ("\"true\"", "\"true\""),
        ("\"a: b\"", "\"a: b\""), ("'it''s'", "\"it's\""), ("\"\"", "\"\""), ("yes", "\"yes\""), ("'$${literal}'", "\"$${literal}\""),
    ];

    /// <summary>Pairs of spellings of one value (to the parser's value equality), so a respelled scalar reads the same but may not be the same node.</summary>
    public static readonly (FileScalar First, FileScalar Second)[] Respellings =
    [
        (new("0.0", "0.0", false), new("-0.0", "-0.0", false)),
        (new("42", "42", false), new("0x2A", "42", false)),
        (new("null", "null", false), new("~", "null", false)),
        (new("hello", "\"hello\"", false), new("'hello'", "\"hello\"", false)),
        (new("true", "true", false), new("True", "true", false)),
        (new("1e3", "1e3", false), new("1000.0", "1000.0", false)),
        (new(".nan", "\"nan\"", false), new(".NaN", "\"nan\"", false)),
    ];

    // References to other keys (which higher layers may have deleted or replaced) and to variables (set or not).
    private static readonly (string Yaml, string Json)[] References =
    [
        ("${db.port}", "\"${db.port}\""), ("\"${db.host}:${db.port}\"", "\"${db.host}:${db.port}\""), ("${HOST_NAME}", "\"${HOST_NAME}\""),
        ("${PORT_VAR}", "\"${PORT_VAR}\""), ("${UNSET_VAR:-fallback}", "\"${UNSET_VAR:-fallback}\""), ("${.level}", "\"${.level}\""),
        ("${db.timeout}", "\"${db.timeout}\""), ("${tags[0]}", "\"${tags[0]}\""),
    ];

    public static readonly Gen<FileValue> Scalar = Gen.Select(
        Gen.Frequency(
            (6, Gen.OneOf(Plain)),
            (1, Gen.OneOf(References)),
            (2, Gen.OneOf(Respellings.SelectMany(p => new[] { (p.First.Yaml, p.First.Json), (p.Second.Yaml, p.Second.Json) }).ToArray()))),
        Gen.Int[0, 7],
        (spelling, s) => (FileValue)new FileScalar(spelling.Yaml, spelling.Json, s == 0));

    private static readonly Gen<string> Key = Gen.Frequency(
        (60, Gen.OneOf(Keys)),
        (1, Gen.OneOf(Clashing)));

    public static readonly Gen<FileMap> FlatMap = Entries(Scalar, 3).Select(e => new FileMap(e, secret: false));

    public static readonly Gen<FileValue> List =
        Gen.Frequency((4, Scalar), (1, FlatMap.Select(m => (FileValue)m))).Array[0, 3].Select(items => (FileValue)new FileList([.. items]));

    public static readonly Gen<FileMap> Tree = Map(2);

    public static readonly Gen<FileValue> Value = Node(2);

    public static readonly Gen<LayerEdit> Edit = Gen.Select(
        Gen.Frequency(
            (5, Gen.Const(EditKind.SetValue)), (3, Gen.Const(EditKind.AddKey)), (3, Gen.Const(EditKind.DeleteKey)),
            (1, Gen.Const(EditKind.RewriteFile)), (2, Gen.Const(EditKind.AddFragment)), (1, Gen.Const(EditKind.RemoveFragment)),
            (2, Gen.Const(EditKind.MoveLines)), (1, Gen.Const(EditKind.Reindent)), (1, Gen.Const(EditKind.TrailingComment)),
            (2, Gen.Const(EditKind.ToggleSecret)), (1, Gen.Const(EditKind.Reorder)), (1, Gen.Const(EditKind.SwitchBaseFormat)),
            (1, Gen.Const(EditKind.Break)), (2, Gen.Const(EditKind.Respell)), (1, Gen.Const(EditKind.Clash)),
            (2, Gen.Const(EditKind.Shadow)), (2, Gen.Const(EditKind.Undelete))),
        Gen.Int[0, 1000],
        Gen.Int[0, 1000],
        Value,
        Tree,
        (kind, a, b, value, tree) => new LayerEdit(kind, a, b, value, tree));

    public static readonly Gen<LayerScenario> Scenario = Gen.Select(
        Gen.Int[0, 3].Select(i => i == 0),
        Gen.Bool,
        Tree,
        Gen.Select(Gen.Int[0, LayerStack.FragmentNames.Length - 1], Tree).Array[0, 2],
        Tree,
        Tree,
        Edit.Array[1, 3].Array[1, 8],
        (json, agent, root, fragments, environment, agentTree, steps) => new LayerScenario(json, agent, root, fragments, environment, agentTree, steps));

    private static Gen<FileValue> Node(int depth) => depth <= 0
        ? Gen.Frequency((6, Scalar), (1, Gen.Const((FileValue)new FileDelete())), (1, List))
        : Gen.Frequency(
            (6, Scalar),
            (1, Gen.Const((FileValue)new FileDelete())),
            (1, List),
            (3, Map(depth - 1).Select(m => (FileValue)m)));

    private static Gen<FileMap> Map(int depth) =>
        Gen.Select(Entries(Node(depth), 4), Gen.Int[0, 7], (entries, s) => new FileMap(entries, secret: s == 0));

    // Duplicate keys in one map are dropped (a YAML file cannot hold them): the first one stays.
    private static Gen<List<KeyValuePair<string, FileValue>>> Entries(Gen<FileValue> value, int max) =>
        Gen.Select(Key, value).Array[0, max].Select(pairs => pairs
            .DistinctBy(p => p.Item1, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, FileValue>(p.Item1, p.Item2))
            .ToList());
}
