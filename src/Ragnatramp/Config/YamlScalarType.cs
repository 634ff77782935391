namespace Ragnatramp.Config;

/// <summary>The type a YAML scalar resolves to under the YAML 1.2 core schema.</summary>
internal enum YamlScalarType
{
    String,
    Null,
    Boolean,
    Integer,
    Float,
}
