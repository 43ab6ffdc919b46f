using System.Globalization;
using System.Text;

namespace Strata.Etcd.Instances;

/// <summary>Instance ids: what a valid one looks like and the default, <c>{host}-{pid}</c>.</summary>
internal static class InstanceIdentity
{
    /// <summary>True when the id is non-empty, at most 128 characters, and uses only letters, digits and <c>. _ - :</c>.</summary>
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or ':');

    /// <summary>The id to report under: the configured one, or <c>{host}-{pid}</c> with any other character of the host name replaced by <c>-</c>.</summary>
    public static string Resolve(EtcdOptions options) =>
        options.InstanceId ?? string.Create(CultureInfo.InvariantCulture, $"{Sanitize(Environment.MachineName)}-{Environment.ProcessId}");

    private static string Sanitize(string host)
    {
        var sb = new StringBuilder(host.Length);
        foreach (var c in host)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        }

        return sb.Length == 0 ? "host" : sb.ToString(0, Math.Min(sb.Length, 100));
    }
}
