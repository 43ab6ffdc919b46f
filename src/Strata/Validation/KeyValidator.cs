using Strata.Model;
using Strata.Snapshots;

namespace Strata.Validation;

/// <summary>
/// A custom check of one value, written in C#. Returns null when the value is fine, or a message saying what is
/// wrong; the error is reported at the value's origin. An exception it throws becomes an error, never a crash.
/// </summary>
/// <param name="value">The value.</param>
/// <param name="path">Its concrete path.</param>
/// <param name="snapshot">The whole configuration, for checks that look at other keys.</param>
internal delegate string? KeyValidator(ConfigNode value, ConfigPath path, ConfigSnapshot snapshot);
