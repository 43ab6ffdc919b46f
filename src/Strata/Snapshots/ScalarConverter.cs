using System.Globalization;
using Strata.Model;

namespace Strata.Snapshots;

/// <summary>
/// Converts nodes to CLR scalars. The generic fast path is branch-free for the JIT per type and boxes
/// nothing, so <c>Get&lt;int&gt;</c>, <c>Get&lt;double&gt;</c>, <c>Get&lt;bool&gt;</c> and string reads of
/// string values allocate nothing.
/// </summary>
internal static class ScalarConverter
{
    public static bool TryConvert<T>(ConfigNode node, out T value, out string? error)
    {
        error = null;
        if (node is ConfigScalar s)
        {
            if (typeof(T) == typeof(int))
            {
                if (s.ScalarKind == ScalarKind.Int && s.IntValue is >= int.MinValue and <= int.MaxValue)
                {
                    value = (T)(object)(int)s.IntValue;
                    return true;
                }
            }
            else if (typeof(T) == typeof(long))
            {
                if (s.ScalarKind == ScalarKind.Int)
                {
                    value = (T)(object)s.IntValue;
                    return true;
                }
            }
            else if (typeof(T) == typeof(double))
            {
                if (s.IsNumber)
                {
                    value = (T)(object)s.FloatValue;
                    return true;
                }
            }
            else if (typeof(T) == typeof(bool))
            {
                if (s.ScalarKind == ScalarKind.Bool)
                {
                    value = (T)(object)s.BoolValue;
                    return true;
                }
            }
            else if (typeof(T) == typeof(string))
            {
                if (s.ScalarKind != ScalarKind.Null)
                {
                    value = (T)(object)s.AsText()!;
                    return true;
                }
            }
        }

        if (TryConvert(node, typeof(T), out var boxed, out error))
        {
            value = (T)boxed!;
            return true;
        }

        value = default!;
        error ??= $"expected {Describe(typeof(T))}, found {node.TypeName}";
        return false;
    }

    public static bool TryConvert(ConfigNode node, Type type, out object? value, out string? error)
    {
        value = null;
        error = null;
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is ConfigScalar { ScalarKind: ScalarKind.Null })
        {
            if (underlying is not null || !type.IsValueType)
            {
                return true;
            }

            error = $"expected {Describe(type)}, found null";
            return false;
        }

        type = underlying ?? type;
        if (node is not ConfigScalar s)
        {
            if (type == typeof(object))
            {
                value = node;
                return true;
            }

            error = $"expected {Describe(type)}, found a {node.TypeName}";
            return false;
        }

        try
        {
            value = ConvertScalar(s, type);
        }
        catch (Exception ex) when (ex is OverflowException or FormatException or ArgumentException or InvalidCastException)
        {
            error = ex.Message;
            value = null;
        }

        if (value is null && error is null)
        {
            error = $"expected {Describe(type)}, found {s.TypeName} '{s.AsText()}'";
        }

        return error is null;
    }

    private static object? ConvertScalar(ConfigScalar s, Type type)
    {
        if (type == typeof(string))
        {
            return s.AsText();
        }

        if (type == typeof(object))
        {
            return s.ToObject();
        }

        if (type == typeof(bool))
        {
            return s.ScalarKind == ScalarKind.Bool ? s.BoolValue : null;
        }

        if (type.IsEnum)
        {
            if (s.ScalarKind == ScalarKind.String && Enum.TryParse(type, s.StringValue!.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var e))
            {
                return e;
            }

            var names = string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()));
            throw new FormatException($"'{s.AsText()}' is not one of {names}");
        }

        if (type == typeof(TimeSpan))
        {
            return s.ScalarKind switch
            {
                ScalarKind.Int => TimeSpan.FromSeconds(s.IntValue),
                ScalarKind.Float => TimeSpan.FromSeconds(s.FloatValue),
                ScalarKind.String => DurationParser.Parse(s.StringValue!),
                _ => null,
            };
        }

        if (type == typeof(DateTimeOffset) && s.ScalarKind == ScalarKind.String)
        {
            return DateTimeOffset.Parse(s.StringValue!, CultureInfo.InvariantCulture);
        }

        if (type == typeof(DateTime) && s.ScalarKind == ScalarKind.String)
        {
            return DateTime.Parse(s.StringValue!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        }

        if (type == typeof(Guid) && s.ScalarKind == ScalarKind.String)
        {
            return Guid.Parse(s.StringValue!);
        }

        if (type == typeof(Uri) && s.ScalarKind == ScalarKind.String)
        {
            return new Uri(s.StringValue!, UriKind.RelativeOrAbsolute);
        }

        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal))
        {
            return s.IsNumber ? Convert.ChangeType(s.FloatValue, type, CultureInfo.InvariantCulture) : null;
        }

        if (type.IsPrimitive && s.ScalarKind == ScalarKind.Int)
        {
            return Convert.ChangeType(s.IntValue, type, CultureInfo.InvariantCulture);
        }

        return null;
    }

    public static string Describe(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(int) || t == typeof(long) || t == typeof(short) || t == typeof(byte) ? "an integer"
            : t == typeof(double) || t == typeof(float) || t == typeof(decimal) ? "a number"
            : t == typeof(bool) ? "true or false"
            : t == typeof(string) ? "a string"
            : t == typeof(TimeSpan) ? "a duration (e.g. 5s, 250ms, 00:01:00)"
            : t.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))}"
            : "a " + t.Name;
    }
}
