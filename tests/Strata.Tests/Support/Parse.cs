using System.Text;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests;

internal static class Parse
{
    public static ConfigMap Yaml(string text, string source = "test.yaml", LayerKind layer = LayerKind.Global, ParserLimits? limits = null) =>
        YamlConfigParser.Parse(text, source, layer, limits);

    public static ConfigMap Json(string text, string source = "test.json", LayerKind layer = LayerKind.Global, ParserLimits? limits = null) =>
        JsonConfigParser.Parse(Encoding.UTF8.GetBytes(text), source, layer, limits);

    public static ConfigurationError YamlError(string text, ParserLimits? limits = null) =>
        Assert.Throws<ConfigurationLoadException>(() => Yaml(text, limits: limits)).Errors.Single();

    public static ConfigurationError JsonError(string text, ParserLimits? limits = null) =>
        Assert.Throws<ConfigurationLoadException>(() => Json(text, limits: limits)).Errors.Single();
}
