using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// Binds configuration trees to CLR types: classes with settable or init properties, records and other
/// types with a constructor, nested objects, arrays, lists, dictionaries with string keys, enums
/// (case-insensitive, <c>snake_case</c> allowed), <see cref="TimeSpan"/> (<c>5s</c>, <c>250ms</c>, <c>00:01:00</c>),
/// and nullables. Keys match members ignoring case, underscores and dashes (<c>learning_rate</c> binds
/// <c>LearningRate</c>). Keys with no member are ignored; members with no key keep their defaults. A value
/// that does not convert throws <see cref="ConfigurationBindingException"/> naming its <c>file:line:column</c>.
/// </summary>
internal static class ConfigBinder
{
    private static readonly ConcurrentDictionary<Type, TypePlan> Plans = new();

    /// <summary>Binds <paramref name="node"/> to a new <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The target type.</typeparam>
    /// <param name="node">The node.</param>
    /// <param name="path">The node's path, for messages.</param>
    [RequiresUnreferencedCode("Binding uses reflection over the target type.")]
    [RequiresDynamicCode("Binding creates arrays and generic collections of the target's element types at run time.")]
    public static T Bind<T>(ConfigNode node, ConfigPath? path = null) => (T)Bind(node, typeof(T), path ?? ConfigPath.Root)!;

    /// <summary>Binds <paramref name="node"/> to a new instance of <paramref name="type"/>.</summary>
    /// <param name="node">The node.</param>
    /// <param name="type">The target type.</param>
    /// <param name="path">The node's path, for messages.</param>
    [RequiresUnreferencedCode("Binding uses reflection over the target type.")]
    [RequiresDynamicCode("Binding creates arrays and generic collections of the target's element types at run time.")]
    public static object? Bind(ConfigNode node, Type type, ConfigPath path)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(path);
        if (type == typeof(ConfigNode) || (type.IsInstanceOfType(node) && type != typeof(object)))
        {
            return node;
        }

        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (node is ConfigScalar || IsScalarType(target))
        {
            if (node is ConfigScalar { ScalarKind: ScalarKind.Null } && !IsScalarType(target) && !target.IsValueType)
            {
                return null;
            }

            if (ScalarConverter.TryConvert(node, type, out var value, out var error))
            {
                return value;
            }

            throw Fail(node, path, error!);
        }

        if (TryGetDictionaryTypes(target, out var valueType))
        {
            return BindDictionary(node, target, valueType, path);
        }

        if (TryGetElementType(target, out var elementType))
        {
            return BindList(node, target, elementType, path);
        }

        if (node is not ConfigMap map)
        {
            throw Fail(node, path, $"expected a map for {target.Name}, found a {node.TypeName}");
        }

        return BindObject(map, target, path);
    }

    private static bool IsScalarType(Type t) =>
        t.IsPrimitive || t.IsEnum || t == typeof(string) || t == typeof(decimal) || t == typeof(TimeSpan)
        || t == typeof(DateTime) || t == typeof(DateTimeOffset) || t == typeof(Guid) || t == typeof(Uri);

    private static ConfigurationBindingException Fail(ConfigNode node, ConfigPath path, string message) =>
        new(ConfigurationError.At(node.Origin, path.Text, message));

    [RequiresUnreferencedCode("Reads the interfaces of the target type.")]
    private static bool TryGetDictionaryTypes(Type type, [NotNullWhen(true)] out Type? valueType)
    {
        valueType = null;
        var candidates = type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces();
        foreach (var i in candidates)
        {
            if (i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
                && i.GetGenericArguments()[0] == typeof(string))
            {
                valueType = i.GetGenericArguments()[1];
                return true;
            }
        }

        return false;
    }

    [RequiresUnreferencedCode("Reads the interfaces of the target type.")]
    private static bool TryGetElementType(Type type, [NotNullWhen(true)] out Type? elementType)
    {
        elementType = null;
        if (type.IsArray)
        {
            elementType = type.GetElementType()!;
            return true;
        }

        var candidates = type.IsInterface ? type.GetInterfaces().Append(type) : type.GetInterfaces();
        foreach (var i in candidates)
        {
            if (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                elementType = i.GetGenericArguments()[0];
                return true;
            }
        }

        return false;
    }

    [RequiresUnreferencedCode("Binding uses reflection over the target type.")]
    [RequiresDynamicCode("Binding creates arrays and generic collections of the target's element types at run time.")]
    private static object BindDictionary(ConfigNode node, Type type, Type valueType, ConfigPath path)
    {
        if (node is not ConfigMap map)
        {
            throw Fail(node, path, $"expected a map, found a {node.TypeName}");
        }

        var concrete = type.IsInterface ? typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType) : type;
        var dict = (IDictionary)Activator.CreateInstance(concrete)!;
        foreach (var (key, child) in map)
        {
            dict[key] = Bind(child, valueType, path.Append(key));
        }

        return dict;
    }

    [RequiresUnreferencedCode("Binding uses reflection over the target type.")]
    [RequiresDynamicCode("Binding creates arrays and generic collections of the target's element types at run time.")]
    private static object BindList(ConfigNode node, Type type, Type elementType, ConfigPath path)
    {
        if (node is not ConfigSequence seq)
        {
            throw Fail(node, path, $"expected a list, found a {node.TypeName}");
        }

        var items = Array.CreateInstance(elementType, seq.Count);
        for (var i = 0; i < seq.Count; i++)
        {
            items.SetValue(Bind(seq[i], elementType, path.Append(i)), i);
        }

        if (type.IsArray || type.IsAssignableFrom(items.GetType()))
        {
            return items;
        }

        var listType = typeof(List<>).MakeGenericType(elementType);
        if (type.IsInterface || type == listType)
        {
            return Activator.CreateInstance(listType, items)!;
        }

        return Activator.CreateInstance(type, items)
            ?? throw Fail(node, path, $"cannot create {type.Name} from a list");
    }

    [RequiresUnreferencedCode("Binding uses reflection over the target type.")]
    [RequiresDynamicCode("Binding creates arrays and generic collections of the target's element types at run time.")]
    private static object BindObject(ConfigMap map, Type type, ConfigPath path)
    {
        var plan = Plans.GetOrAdd(type, static t => new TypePlan(t));
        var byName = new Dictionary<string, (string Key, ConfigNode Node)>(StringComparer.Ordinal);
        foreach (var (key, child) in map)
        {
            byName.TryAdd(Normalize(key), (key, child));
        }

        object instance;
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        if (plan.Constructor is { } ctor)
        {
            var parameters = ctor.GetParameters();
            var args = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                var p = parameters[i];
                var name = Normalize(p.Name!);
                if (byName.TryGetValue(name, out var entry))
                {
                    args[i] = Bind(entry.Node, p.ParameterType, path.Append(entry.Key));
                    consumed.Add(name);
                }
                else
                {
                    args[i] = p.HasDefaultValue ? p.DefaultValue : (p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null);
                }
            }

            instance = ctor.Invoke(args);
        }
        else
        {
            instance = Activator.CreateInstance(type)
                ?? throw Fail(map, path, $"cannot create {type.Name}");
        }

        foreach (var property in plan.Settable)
        {
            var name = Normalize(property.Name);
            if (!consumed.Contains(name) && byName.TryGetValue(name, out var entry))
            {
                property.SetValue(instance, Bind(entry.Node, property.PropertyType, path.Append(entry.Key)));
            }
        }

        return instance;
    }

    internal static string Normalize(string name) =>
        name.Replace("_", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private sealed class TypePlan
    {
        [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Binding is reflection-based by design.")]
        public TypePlan(Type type)
        {
            var hasDefault = type.IsValueType || type.GetConstructor(Type.EmptyTypes) is not null;
            Constructor = hasDefault ? null : type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
            Settable = [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.GetIndexParameters().Length == 0)];
        }

        public ConstructorInfo? Constructor { get; }

        public PropertyInfo[] Settable { get; }
    }
}
