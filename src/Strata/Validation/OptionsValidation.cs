using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text;
using Strata.Model;
using Strata.Snapshots;
using DataAnnotationsResult = System.ComponentModel.DataAnnotations.ValidationResult;

namespace Strata.Validation;

/// <summary>
/// Validates a bound options object with DataAnnotations (<c>[Required]</c>, <c>[Range]</c>, <c>[RegularExpression]</c>,
/// <c>IValidatableObject</c>, ...), nested objects and collections included, and maps every failure back to the
/// configuration key it came from — so the message names the file and line to fix, not just the property.
/// </summary>
public static class OptionsValidation
{
    private const string Reflection = "DataAnnotations validation and binding use reflection over the options type.";
    private const string DynamicCode = "Binding creates arrays and generic collections of the options' element types at run time.";

    /// <summary>Binds <typeparamref name="T"/> from a snapshot (the whole configuration, or one section) and validates it.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="snapshot">The configuration.</param>
    /// <param name="section">The section's path, e.g. <c>learning</c>; null or empty for the root.</param>
    [RequiresUnreferencedCode(Reflection)]
    [RequiresDynamicCode(DynamicCode)]
    public static ValidationResult Validate<T>(ConfigSnapshot snapshot, string? section = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var path = string.IsNullOrEmpty(section) ? ConfigPath.Root : ConfigPath.Parse(section);
        ConfigNode? node = path.IsRoot ? snapshot.Root : snapshot.TryGetNode(path.Text, out var found) ? found : null;
        T value;
        try
        {
            value = ConfigBinder.Bind<T>(node ?? ConfigMap.Empty(snapshot.Root.Origin), path);
        }
        catch (ConfigurationBindingException ex)
        {
            var error = ex.Error;
            var origin = snapshot.TryGetNode(error.Path, out var bad) ? bad.Origin : new Origin(error.File, error.Line, error.Column, LayerKind.Global);
            return new ValidationResult([new ValidationError(error.Path, error.Message, ErrorSeverity.Error, origin) { Rule = "binding" }]);
        }

        if (value is null)
        {
            return new ValidationResult([new ValidationError(path.Text, "is null, so the options cannot be created", ErrorSeverity.Error, node?.Origin ?? snapshot.Root.Origin) { Rule = "options" }]);
        }

        return Validate(value, node, path, snapshot.Root.Origin);
    }

    /// <summary>Validates an options object that was bound from <paramref name="node"/>.</summary>
    /// <param name="options">The options object.</param>
    /// <param name="node">The configuration it was bound from (for origins); null when unknown.</param>
    /// <param name="path">The path of <paramref name="node"/>.</param>
    /// <param name="fallback">The origin for failures whose key is not set anywhere; the node's when null.</param>
    [RequiresUnreferencedCode(Reflection)]
    [RequiresDynamicCode(DynamicCode)]
    public static ValidationResult Validate(object options, ConfigNode? node, ConfigPath? path = null, Origin? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ValidationError>();
        Walk(options, node, path ?? ConfigPath.Root, fallback ?? node?.Origin, problems, new HashSet<object>(ReferenceEqualityComparer.Instance), 0);
        return new ValidationResult(problems);
    }

    /// <summary>A pipeline validator that binds and validates <typeparamref name="T"/> on every load and reload.</summary>
    /// <typeparam name="T">The options type.</typeparam>
    /// <param name="section">The section's path; null or empty for the root.</param>
    [RequiresUnreferencedCode(Reflection)]
    [RequiresDynamicCode(DynamicCode)]
    public static IConfigSnapshotValidator CreateValidator<T>(string? section = null) => new OptionsSnapshotValidator<T>(section);

    [RequiresUnreferencedCode(Reflection)]

    [RequiresDynamicCode(DynamicCode)]
    private static void Walk(object obj, ConfigNode? node, ConfigPath path, Origin? fallback, List<ValidationError> problems, HashSet<object> visited, int depth)
    {
        if (depth > 32 || !visited.Add(obj))
        {
            return;
        }

        var results = new List<DataAnnotationsResult>();
        Validator.TryValidateObject(obj, new ValidationContext(obj), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Where(m => !string.IsNullOrEmpty(m)).DefaultIfEmpty(string.Empty);
            foreach (var member in members)
            {
                var (memberPath, memberNode) = member.Length == 0 ? (path, node) : Locate(node, path, member);
                var origin = memberNode?.Origin ?? node?.Origin ?? fallback;
                problems.Add(new ValidationError(memberPath.Text, result.ErrorMessage ?? "is not valid", ErrorSeverity.Error, origin) { Rule = "options" });
            }
        }

        foreach (var property in obj.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!property.CanRead || property.GetIndexParameters().Length > 0 || IsSimple(property.PropertyType))
            {
                continue;
            }

            var value = property.GetValue(obj);
            if (value is null)
            {
                continue;
            }

            var (childPath, childNode) = Locate(node, path, property.Name);
            switch (value)
            {
                case IDictionary dictionary:
                    foreach (DictionaryEntry entry in dictionary)
                    {
                        if (entry.Key is string key && entry.Value is { } item && !IsSimple(item.GetType()))
                        {
                            var itemNode = childNode is ConfigMap m && m.TryGetValue(key, out var n) ? n : null;
                            Walk(item, itemNode, childPath.Append(key), itemNode?.Origin ?? childNode?.Origin ?? fallback, problems, visited, depth + 1);
                        }
                    }

                    break;
                case IEnumerable items:
                    var i = 0;
                    foreach (var item in items)
                    {
                        if (item is not null && !IsSimple(item.GetType()))
                        {
                            var itemNode = childNode is ConfigSequence s && i < s.Count ? s[i] : null;
                            Walk(item, itemNode, childPath.Append(i), itemNode?.Origin ?? childNode?.Origin ?? fallback, problems, visited, depth + 1);
                        }

                        i++;
                    }

                    break;
                default:
                    if (value.GetType().Namespace?.StartsWith("System", StringComparison.Ordinal) != true)
                    {
                        Walk(value, childNode, childPath, childNode?.Origin ?? node?.Origin ?? fallback, problems, visited, depth + 1);
                    }

                    break;
            }
        }
    }

    /// <summary>Finds the key a member was bound from (ignoring case, underscores and dashes, as the binder does).</summary>
    private static (ConfigPath Path, ConfigNode? Node) Locate(ConfigNode? node, ConfigPath path, string member)
    {
        var wanted = ConfigBinder.Normalize(member);
        if (node is ConfigMap map)
        {
            foreach (var (key, child) in map)
            {
                if (ConfigBinder.Normalize(key) == wanted)
                {
                    return (path.Append(key), child);
                }
            }
        }

        return (path.Append(SnakeCase(member)), null);
    }

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                sb.Append('_');
            }

            sb.Append(char.ToLowerInvariant(c));
        }

        return sb.ToString();
    }

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(DateTime) || t == typeof(DateTimeOffset)
            || t == typeof(TimeSpan) || t == typeof(Guid) || t == typeof(Uri) || t == typeof(DateOnly) || t == typeof(TimeOnly);
    }

    [RequiresUnreferencedCode(Reflection)]

    [RequiresDynamicCode(DynamicCode)]
    private sealed class OptionsSnapshotValidator<T>(string? section) : IConfigSnapshotValidator
    {
        [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "The creating method carries RequiresUnreferencedCode.")]
        [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "The creating method carries RequiresDynamicCode.")]
        public IReadOnlyList<ConfigurationError> Validate(ConfigSnapshot snapshot) => OptionsValidation.Validate<T>(snapshot, section).ToConfigurationErrors();
    }
}
