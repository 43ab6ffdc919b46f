namespace Strata.Validation;

/// <summary>The value types a key rule can require. Names in schema files are the lower-case member names.</summary>
public enum ConfigValueType
{
    /// <summary>Any value; the type is not checked.</summary>
    Any,

    /// <summary>Text.</summary>
    String,

    /// <summary>A whole number.</summary>
    Int,

    /// <summary>A number: a float, or a whole number (which is also a float).</summary>
    Float,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>A sequence.</summary>
    List,

    /// <summary>A map of keys.</summary>
    Map,
}
