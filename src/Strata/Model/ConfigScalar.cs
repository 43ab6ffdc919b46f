using System.Globalization;

namespace Strata.Model;

/// <summary>
/// A typed scalar value. Values are stored unboxed, so typed reads such as
/// <c>snapshot.Get&lt;int&gt;("redis.port")</c> allocate nothing.
/// </summary>
public sealed class ConfigScalar : ConfigNode
{
    // Integers and booleans as they are, floats as their bits: one field for the three.
    private readonly long _int;
    private readonly string? _text;

    private ConfigScalar(ScalarKind scalarKind, long i, double f, string? text, in OriginParts origin, bool isSecret, bool isDelete, bool isQuoted = false)
        : base(origin)
    {
        IsQuoted = isQuoted;
        ScalarKind = scalarKind;
        _int = scalarKind == ScalarKind.Float ? BitConverter.DoubleToInt64Bits(f) : i;
        _text = text;
        IsSecret = isSecret;
        IsDeleteMarker = isDelete;
        Flags = (isDelete ? SubtreeFlags.DeleteMarker : SubtreeFlags.None)
            | (text is not null && HasPlaceholder(text) ? SubtreeFlags.Placeholder : SubtreeFlags.None);
    }

    /// <summary>True when the text holds a placeholder or an escaped one (<c>${</c>).</summary>
    /// <param name="text">The text.</param>
    internal static bool HasPlaceholder(string text) => text.Contains("${", StringComparison.Ordinal);

    /// <inheritdoc />
    internal override NodeKind Kind => NodeKind.Scalar;

    /// <summary>A float scalar's value, from its bits.</summary>
    private double Double => BitConverter.Int64BitsToDouble(_int);

    /// <inheritdoc />
    public override string TypeName => ScalarKind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Bool => "bool",
        ScalarKind.Int => "int",
        ScalarKind.Float => "float",
        _ => "string",
    };

    /// <summary>The core-schema type of the value.</summary>
    public ScalarKind ScalarKind { get; }

    /// <summary>
    /// True for a value tagged <c>!delete</c>: merging it removes the inherited key instead of setting it.
    /// </summary>
    public bool IsDeleteMarker { get; }

    /// <summary>
    /// True for a string the source spelled in quotes (YAML quotes, every JSON string). Interpolating a
    /// quoted value always gives a string; a plain <c>${PORT}</c> is typed after substitution.
    /// </summary>
    public bool IsQuoted { get; }

    /// <summary>The boolean value; valid when <see cref="ScalarKind"/> is <see cref="ScalarKind.Bool"/>.</summary>
    public bool BoolValue => ScalarKind != ScalarKind.Float && _int != 0;

    /// <summary>The integer value; valid when <see cref="ScalarKind"/> is <see cref="ScalarKind.Int"/>.</summary>
    public long IntValue => ScalarKind == ScalarKind.Float ? 0 : _int;

    /// <summary>The numeric value as a double, for integers and floats.</summary>
    public double FloatValue => ScalarKind switch
    {
        ScalarKind.Int => _int,
        ScalarKind.Float => Double,
        _ => 0,
    };

    /// <summary>The text of a string scalar; null for other kinds.</summary>
    public string? StringValue => ScalarKind == ScalarKind.String ? _text : null;

    /// <summary>True for integers and floats.</summary>
    public bool IsNumber => ScalarKind is ScalarKind.Int or ScalarKind.Float;

    /// <summary>Creates a null scalar.</summary>
    /// <param name="origin">Where it was defined.</param>
    /// <param name="isSecret">Whether it was tagged secret.</param>
    public static ConfigScalar Null(Origin origin, bool isSecret = false) => new(ScalarKind.Null, 0, 0, null, OriginParts.Of(origin), isSecret, false);

    /// <summary>Creates a boolean scalar.</summary>
    /// <param name="value">The value.</param>
    /// <param name="origin">Where it was defined.</param>
    /// <param name="isSecret">Whether it was tagged secret.</param>
    public static ConfigScalar Bool(bool value, Origin origin, bool isSecret = false) => new(ScalarKind.Bool, value ? 1 : 0, 0, null, OriginParts.Of(origin), isSecret, false);

    /// <summary>Creates an integer scalar.</summary>
    /// <param name="value">The value.</param>
    /// <param name="origin">Where it was defined.</param>
    /// <param name="isSecret">Whether it was tagged secret.</param>
    public static ConfigScalar Int(long value, Origin origin, bool isSecret = false) => new(ScalarKind.Int, value, 0, null, OriginParts.Of(origin), isSecret, false);

    /// <summary>Creates a float scalar.</summary>
    /// <param name="value">The value.</param>
    /// <param name="origin">Where it was defined.</param>
    /// <param name="isSecret">Whether it was tagged secret.</param>
    public static ConfigScalar Float(double value, Origin origin, bool isSecret = false) => new(ScalarKind.Float, 0, value, null, OriginParts.Of(origin), isSecret, false);

    /// <summary>Creates a string scalar.</summary>
    /// <param name="value">The value.</param>
    /// <param name="origin">Where it was defined.</param>
    /// <param name="isSecret">Whether it was tagged secret.</param>
    /// <param name="isQuoted">Whether the source spelled it in quotes.</param>
    public static ConfigScalar String(string value, Origin origin, bool isSecret = false, bool isQuoted = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ScalarKind.String, 0, 0, value, OriginParts.Of(origin), isSecret, false, isQuoted);
    }

    /// <summary>Creates a <c>!delete</c> marker that removes an inherited key when merged.</summary>
    /// <param name="origin">Where the marker was written.</param>
    internal static ConfigScalar Delete(Origin origin) => new(ScalarKind.Null, 0, 0, null, OriginParts.Of(origin), false, true);

    /// <summary>A scalar of a parsed file, from its kind, value and origin parts (no <see cref="Origin"/> object is built).</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="integer">The value of an int, or of a bool (1 or 0).</param>
    /// <param name="number">The value of a float.</param>
    /// <param name="text">The value of a string.</param>
    /// <param name="origin">Where it was defined.</param>
    /// <param name="isQuoted">Whether the text was quoted.</param>
    internal static ConfigScalar Parsed(ScalarKind kind, long integer, double number, string? text, in OriginParts origin, bool isQuoted = false) =>
        new(kind, integer, number, text, origin, false, false, isQuoted);

    /// <summary>Creates a scalar from a CLR value (null, bool, integral, floating point or string).</summary>
    /// <param name="value">The value.</param>
    /// <param name="origin">Where it was defined.</param>
    public static ConfigScalar FromObject(object? value, Origin origin) => value switch
    {
        null => Null(origin),
        bool b => Bool(b, origin),
        string s => String(s, origin),
        double d => Float(d, origin),
        float f => Float(f, origin),
        decimal m => Float((double)m, origin),
        sbyte or byte or short or ushort or int or uint or long => Int(Convert.ToInt64(value, CultureInfo.InvariantCulture), origin),
        ulong u when u <= long.MaxValue => Int((long)u, origin),
        Enum e => String(e.ToString(), origin),
        TimeSpan t => String(t.ToString("c", CultureInfo.InvariantCulture), origin),
        IFormattable f => String(f.ToString(null, CultureInfo.InvariantCulture), origin),
        _ => String(value.ToString() ?? string.Empty, origin),
    };

    /// <summary>The value as a CLR object: null, bool, long, double or string.</summary>
    public object? ToObject() => ScalarKind switch
    {
        ScalarKind.Bool => BoolValue,
        ScalarKind.Int => _int,
        ScalarKind.Float => Double,
        ScalarKind.String => _text,
        _ => null,
    };

    /// <summary>The value as text, in YAML core-schema spelling for non-strings.</summary>
    public string? AsText() => ScalarKind switch
    {
        ScalarKind.Null => null,
        ScalarKind.Bool => BoolValue ? "true" : "false",
        ScalarKind.Int => _int.ToString(CultureInfo.InvariantCulture),
        ScalarKind.Float => FormatFloat(Double),
        _ => _text,
    };

    /// <summary>Formats a float the way Strata prints it everywhere (round-trippable, invariant culture).</summary>
    /// <param name="value">The value.</param>
    public static string FormatFloat(double value) =>
        double.IsPositiveInfinity(value) ? ".inf"
        : double.IsNegativeInfinity(value) ? "-.inf"
        : double.IsNaN(value) ? ".nan"
        : value.ToString("R", CultureInfo.InvariantCulture) is var s && (s.Contains('.', StringComparison.Ordinal) || s.Contains('E', StringComparison.Ordinal)) ? s : s + ".0";

    /// <summary>Returns a copy with another origin.</summary>
    /// <param name="origin">The new origin.</param>
    public ConfigScalar WithOrigin(Origin origin) => new(ScalarKind, _int, Double, _text, OriginParts.Of(origin), IsSecret, IsDeleteMarker, IsQuoted);

    /// <summary>Returns a copy marked (or unmarked) as secret.</summary>
    /// <param name="isSecret">Whether the copy is secret.</param>
    public ConfigScalar WithSecret(bool isSecret) => new(ScalarKind, _int, Double, _text, Parts, isSecret, IsDeleteMarker, IsQuoted);

    /// <inheritdoc />
    public override ConfigNode WithLayer(LayerKind layer) =>
        Layer == layer ? this : new ConfigScalar(ScalarKind, _int, Double, _text, Parts with { Layer = layer }, IsSecret, IsDeleteMarker, IsQuoted);

    /// <inheritdoc />
    public override bool ValueEquals(ConfigNode? other)
    {
        if (other is not ConfigScalar s || s.ScalarKind != ScalarKind || s.IsDeleteMarker != IsDeleteMarker)
        {
            return false;
        }

        return ScalarKind switch
        {
            ScalarKind.Float => Double.Equals(s.Double),
            ScalarKind.String => string.Equals(_text, s._text, StringComparison.Ordinal),
            _ => _int == s._int,
        };
    }

    /// <inheritdoc />
    public override int ValueHashCode() => ScalarKind switch
    {
        ScalarKind.Float => HashCode.Combine(ScalarKind, Double),
        ScalarKind.String => HashCode.Combine(ScalarKind, StringComparer.Ordinal.GetHashCode(_text!)),
        _ => HashCode.Combine(ScalarKind, _int),
    };

    /// <inheritdoc />
    public override string ToString() => AsText() ?? "null";
}
