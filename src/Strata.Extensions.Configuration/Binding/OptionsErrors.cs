using System.Text.RegularExpressions;
using Strata.Model;
using Strata.Secrets;
using Strata.Snapshots;

namespace Strata.Extensions.Configuration.Binding;

/// <summary>Turns options binding failures into located configuration errors.</summary>
internal static partial class OptionsErrors
{
    /// <summary>
    /// Places a <c>ConfigurationBinder</c> conversion failure ("... at 'redis:port' to type ...") at the value's origin.
    /// The binder's message quotes the value, so a secret value gets a message without it.
    /// </summary>
    public static ConfigurationError FromBindingFailure(ConfigSnapshot snapshot, InvalidOperationException ex, string typeName, Origin? sectionOrigin, string sectionText, SecretRedactor redactor)
    {
        var match = BinderKey().Match(ex.Message);
        if (match.Success && StrataConfigurationKeys.TryFind(snapshot.Root, match.Groups["key"].Value, out var path, out var node))
        {
            var secret = redactor.IsSecret(path, node);
            var target = BinderType().Match(ex.Message) is { Success: true } t ? t.Groups["type"].Value : "the property's type";
            var message = secret
                ? $"the value does not convert to {target} ({typeName})"
                : $"'{(node as ConfigScalar)?.AsText()}' does not convert to {target} ({typeName})";
            return ConfigurationError.At(node.Origin, path.Text, message);
        }

        return ConfigurationError.At(sectionOrigin, sectionText, $"{typeName} could not be bound: {ex.Message}");
    }

    [GeneratedRegex(@" at '(?<key>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex BinderKey();

    [GeneratedRegex(@" to type '(?<type>[^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex BinderType();
}
