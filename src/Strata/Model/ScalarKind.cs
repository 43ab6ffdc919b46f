namespace Strata.Model;

/// <summary>The YAML 1.2 core-schema type of a scalar.</summary>
public enum ScalarKind
{
    /// <summary><c>null</c>, <c>~</c> or an empty value.</summary>
    Null,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Bool,

    /// <summary>A 64-bit signed integer.</summary>
    Int,

    /// <summary>A double-precision float, including <c>.inf</c> and <c>.nan</c>.</summary>
    Float,

    /// <summary>Any other text; quoted scalars are always strings.</summary>
    String,
}
