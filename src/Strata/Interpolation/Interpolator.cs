using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Interpolation;

/// <summary>
/// Resolves placeholders in string values of a merged tree:
/// <list type="bullet">
/// <item><c>${NAME}</c> — an environment variable (a name of letters, digits and underscores);</item>
/// <item><c>${NAME:-default}</c> — the variable, or the default when it is unset or empty;</item>
/// <item><c>${redis.host}</c>, <c>${phases[0].name}</c>, <c>${.simulation_id}</c> — another key of the
///   effective configuration (a name with a dot or bracket; a leading dot names a top-level key);</item>
/// <item><c>$${</c> — a literal <c>${</c>.</item>
/// </list>
/// A value that is exactly one placeholder and was not quoted takes the type of what it resolves to
/// (<c>port: ${PORT:-6379}</c> is an int). Values read from a secret (by tag) stay secret. An unresolved
/// name or a cycle of references is an error at the value's <c>file:line:column</c>.
/// </summary>
internal sealed class Interpolator
{
    private readonly Func<string, string?> _environment;

    /// <summary>Creates an interpolator over a variable lookup.</summary>
    /// <param name="environment">Returns a variable's value, or null when unset.</param>
    public Interpolator(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _environment = environment;
    }

    /// <summary>Resolves every placeholder in <paramref name="root"/>. Throws <see cref="ConfigurationLoadException"/> with every failure found.</summary>
    /// <param name="root">The merged tree.</param>
    public ConfigMap Resolve(ConfigMap root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var run = new Run(this, root);
        var result = (ConfigMap)run.Visit(root, ConfigPath.Root);
        if (run.Errors.Count > 0)
        {
            throw new ConfigurationLoadException(run.Errors);
        }

        return result;
    }

    /// <summary>True when the text holds a placeholder or an escape.</summary>
    /// <param name="text">The text.</param>
    public static bool HasPlaceholder(string text) => ConfigScalar.HasPlaceholder(text);

    private sealed class Run(Interpolator owner, ConfigMap root)
    {
        private readonly Dictionary<string, ConfigNode> _resolved = new(StringComparer.Ordinal);
        private readonly List<string> _stack = [];

        public List<ConfigurationError> Errors { get; } = [];

        // Subtrees without a placeholder are kept whole and not entered; the path is built only where one is found.
        public ConfigNode Visit(ConfigNode node, ConfigPath path) =>
            ConfigTreeRewriter.Rewrite(node, path, (child, at) =>
                (child.Flags & SubtreeFlags.Placeholder) == 0 ? child
                : child is ConfigScalar { ScalarKind: ScalarKind.String } s ? ResolveScalar(s, at.ToPath()) ?? s
                : null);

        private ConfigNode? ResolveScalar(ConfigScalar scalar, ConfigPath path)
        {
            if (_resolved.TryGetValue(path.Text, out var done))
            {
                return done;
            }

            if (_stack.Contains(path.Text))
            {
                var cycle = string.Join(" -> ", _stack.SkipWhile(p => p != path.Text).Append(path.Text));
                Errors.Add(ConfigurationError.At(scalar.Origin, path.Text, $"interpolation cycle: {cycle}"));
                return null;
            }

            _stack.Add(path.Text);
            try
            {
                var text = scalar.StringValue!;
                var sb = new StringBuilder();
                var secret = scalar.IsSecret;
                ConfigNode? whole = null;
                var i = 0;
                var parts = 0;
                while (i < text.Length)
                {
                    if (text[i] == '$' && i + 2 < text.Length + 1 && text.AsSpan(i).StartsWith("$${"))
                    {
                        sb.Append("${");
                        i += 3;
                        parts++;
                        continue;
                    }

                    if (text.AsSpan(i).StartsWith("${"))
                    {
                        var close = ClosingBrace(text, i + 2);
                        if (close < 0)
                        {
                            Errors.Add(ConfigurationError.At(scalar.Origin, path.Text, $"'{text}': '${{' at position {i + 1} is never closed with '}}'"));
                            return null;
                        }

                        var expression = text[(i + 2)..close];
                        var value = Evaluate(expression, scalar, path);
                        if (value is null)
                        {
                            return null;
                        }

                        secret |= value.IsSecret;
                        if (i == 0 && close == text.Length - 1)
                        {
                            whole = value;
                        }

                        sb.Append(value switch
                        {
                            ConfigScalar s => s.AsText() ?? string.Empty,
                            _ => string.Empty,
                        });
                        if (value is not ConfigScalar && whole is null)
                        {
                            Errors.Add(ConfigurationError.At(scalar.Origin, path.Text, $"'${{{expression}}}' is a {value.TypeName} and cannot be placed inside text"));
                            return null;
                        }

                        i = close + 1;
                        parts++;
                        continue;
                    }

                    sb.Append(text[i]);
                    i++;
                }

                ConfigNode result;
                if (whole is ConfigScalar { ScalarKind: ScalarKind.String, IsQuoted: false } plain && !scalar.IsQuoted)
                {
                    // A number out of range from a variable is an error here, as it is in a file.
                    if (!ScalarTyping.TryResolve(plain.StringValue!, scalar.Origin, secret, out var typed, out var rangeError))
                    {
                        Errors.Add(ConfigurationError.At(scalar.Origin, path.Text, rangeError));
                        return null;
                    }

                    result = typed;
                }
                else if (whole is not null && !scalar.IsQuoted)
                {
                    result = whole is ConfigScalar s ? s.WithOrigin(scalar.Origin).WithSecret(secret) : whole;
                }
                else
                {
                    result = ConfigScalar.String(sb.ToString(), scalar.Origin, secret, scalar.IsQuoted);
                }

                _resolved[path.Text] = result;
                return result;
            }
            finally
            {
                _stack.RemoveAt(_stack.Count - 1);
            }
        }

        // The '}' that ends a placeholder: backticks quote a key of the path, so "${`a}b`}" names the key a}b;
        // a default after ":-" is plain text up to the next '}'.
        private static int ClosingBrace(string text, int from)
        {
            var quoted = false;
            for (var k = from; k < text.Length; k++)
            {
                var c = text[k];
                if (c == '`')
                {
                    quoted = !quoted;
                }
                else if (!quoted && c == '}')
                {
                    return k;
                }
                else if (!quoted && c == ':' && k + 1 < text.Length && text[k + 1] == '-')
                {
                    return text.IndexOf('}', k + 2);
                }
            }

            return -1;
        }

        private ConfigNode? Evaluate(string expression, ConfigScalar scalar, ConfigPath path)
        {
            var name = expression;
            string? fallback = null;
            var sep = PathSyntax.IndexOutsideQuotes(expression, ":-");
            if (sep >= 0)
            {
                name = expression[..sep];
                fallback = expression[(sep + 2)..];
            }

            name = name.Trim();
            if (name.Length == 0)
            {
                Errors.Add(ConfigurationError.At(scalar.Origin, path.Text, "'${}' names nothing"));
                return null;
            }

            if (IsVariableName(name))
            {
                var value = owner._environment(name);
                if (string.IsNullOrEmpty(value))
                {
                    if (fallback is null)
                    {
                        Errors.Add(ConfigurationError.At(scalar.Origin, path.Text, $"environment variable '{name}' is not set (write ${{{name}:-default}} to give a default)"));
                        return null;
                    }

                    value = fallback;
                }

                // Plain text, typed later only when the placeholder is the whole value.
                return ConfigScalar.String(value, scalar.Origin);
            }

            var keyText = name.StartsWith('.') ? name[1..] : name;
            if (!ConfigPath.TryParse(keyText, out var target, out var error))
            {
                Errors.Add(ConfigurationError.At(scalar.Origin, path.Text, $"'${{{expression}}}': {error}"));
                return null;
            }

            if (!ConfigTree.TryGet(root, target, out var node))
            {
                if (fallback is not null)
                {
                    return ConfigScalar.String(fallback, scalar.Origin);
                }

                Errors.Add(ConfigurationError.At(scalar.Origin, path.Text, $"'${{{expression}}}' refers to key '{target}', which does not exist"));
                return null;
            }

            if (node is ConfigScalar { ScalarKind: ScalarKind.String } s && HasPlaceholder(s.StringValue!))
            {
                return ResolveScalar(s, target);
            }

            return node;
        }

        private static bool IsVariableName(string name)
        {
            if (!(char.IsAsciiLetter(name[0]) || name[0] == '_'))
            {
                return false;
            }

            foreach (var c in name)
            {
                if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
