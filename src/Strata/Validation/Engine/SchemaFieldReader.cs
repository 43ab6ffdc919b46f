using Strata.Model;
using Strata.Snapshots;

namespace Strata.Validation.Engine;

/// <summary>
/// Reads the values of schema fields — texts, numbers, flags, types, key paths, severities, durations. A value of the
/// wrong kind adds an error at its line naming the field, and reading goes on.
/// </summary>
internal static class SchemaFieldReader
{
    /// <summary>A type name or a list of them; null (with the errors added) when one is unknown or the list is empty.</summary>
    public static List<ConfigValueType>? ReadTypes(ConfigNode value, string path, List<ConfigurationError> errors)
    {
        var names = value is ConfigSequence list ? list.ToList() : [value];
        var types = new List<ConfigValueType>();
        var ok = true;
        foreach (var item in names)
        {
            if (item is ConfigScalar { ScalarKind: ScalarKind.String } s && TypeNames.ByName.TryGetValue(s.StringValue!, out var type))
            {
                types.Add(type);
                continue;
            }

            var shown = item is ConfigScalar { ScalarKind: ScalarKind.String } text ? text.StringValue! : ValueText.Value(item);
            errors.Add(ConfigurationError.At(item.Origin, path, $"unknown type '{shown}'{NameSuggester.Hint(shown, TypeNames.ByName.Keys)}; the types are {TypeNames.Known}"));
            ok = false;
        }

        if (ok && types.Count == 0)
        {
            errors.Add(ConfigurationError.At(value.Origin, path, $"type is an empty list; give one or more of {TypeNames.Known}"));
            ok = false;
        }

        return ok ? types : null;
    }

    /// <summary>A key path that may hold wildcards; null (with the error added) when it does not parse.</summary>
    public static KeyPattern? ReadPattern(string text, ConfigNode at, string path, string field, List<ConfigurationError> errors)
    {
        if (KeyPattern.TryParse(text, out var pattern, out var error))
        {
            return pattern;
        }

        errors.Add(ConfigurationError.At(at.Origin, path, $"{field}: invalid key path: {error}"));
        return null;
    }

    /// <summary><c>error</c> or <c>warning</c>; anything else is an error and reads as <see cref="ErrorSeverity.Error"/>.</summary>
    public static ErrorSeverity ReadSeverity(ConfigNode value, string path, List<ConfigurationError> errors) => Text(value, path, "severity", errors) switch
    {
        "error" or null => ErrorSeverity.Error,
        "warning" => ErrorSeverity.Warning,
        var other => Fail(errors, value, path, $"severity must be error or warning, not '{other}'", ErrorSeverity.Error),
    };

    /// <summary>The <c>regex_timeout</c>: milliseconds as a whole number, or a duration such as <c>100ms</c> or <c>1s</c>.</summary>
    public static TimeSpan? ReadDuration(ConfigNode value, List<ConfigurationError> errors)
    {
        switch (value)
        {
            case ConfigScalar { ScalarKind: ScalarKind.Int } ms:
                return TimeSpan.FromMilliseconds(ms.IntValue);
            case ConfigScalar { ScalarKind: ScalarKind.String } s when DurationParser.TryParse(s.StringValue, out var d):
                return d;
            default:
                errors.Add(ConfigurationError.At(value.Origin, "regex_timeout", $"regex_timeout must be a duration such as 100ms or 1s, not {ValueText.Describe(value)}"));
                return null;
        }
    }

    /// <summary>A text value, or null with an error.</summary>
    public static string? Text(ConfigNode value, string path, string field, List<ConfigurationError> errors)
    {
        if (value is ConfigScalar { ScalarKind: ScalarKind.String } s)
        {
            return s.StringValue;
        }

        errors.Add(ConfigurationError.At(value.Origin, path, $"{field} must be text, not {ValueText.Describe(value)}"));
        return null;
    }

    /// <summary>One text or a list of them; items that are not text are errors and left out.</summary>
    public static List<string> TextList(ConfigNode value, string path, string field, List<ConfigurationError> errors)
    {
        var items = value is ConfigSequence list ? list.ToList() : [value];
        var result = new List<string>();
        foreach (var item in items)
        {
            if (Text(item, path, field, errors) is { } text)
            {
                result.Add(text);
            }
        }

        return result;
    }

    /// <summary>A true or false value, or null with an error.</summary>
    public static bool? Bool(ConfigNode value, string path, string field, List<ConfigurationError> errors)
    {
        if (value is ConfigScalar { ScalarKind: ScalarKind.Bool } b)
        {
            return b.BoolValue;
        }

        errors.Add(ConfigurationError.At(value.Origin, path, $"{field} must be true or false, not {ValueText.Describe(value)}"));
        return null;
    }

    /// <summary>A number, or null with an error.</summary>
    public static double? Number(ConfigNode value, string path, string field, List<ConfigurationError> errors)
    {
        if (value is ConfigScalar { IsNumber: true } n)
        {
            return n.FloatValue;
        }

        errors.Add(ConfigurationError.At(value.Origin, path, $"{field} must be a number, not {ValueText.Describe(value)}"));
        return null;
    }

    /// <summary>A whole number that fits an <see cref="int"/>, or null with an error.</summary>
    public static int? Integer(ConfigNode value, string path, string field, List<ConfigurationError> errors)
    {
        if (value is ConfigScalar { ScalarKind: ScalarKind.Int } n && n.IntValue is >= int.MinValue and <= int.MaxValue)
        {
            return (int)n.IntValue;
        }

        errors.Add(ConfigurationError.At(value.Origin, path, $"{field} must be a whole number, not {ValueText.Describe(value)}"));
        return null;
    }

    /// <summary>Adds an error at <paramref name="at"/> and returns <paramref name="fallback"/>.</summary>
    public static T Fail<T>(List<ConfigurationError> errors, ConfigNode at, string path, string message, T fallback)
    {
        errors.Add(ConfigurationError.At(at.Origin, path, message));
        return fallback;
    }
}
