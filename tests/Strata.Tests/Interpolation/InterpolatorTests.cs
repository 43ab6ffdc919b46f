using Strata.Interpolation;
using Strata.Model;

namespace Strata.Tests.Interpolation;

public class InterpolatorTests
{
    private static ConfigMap Resolve(string yaml, Dictionary<string, string>? env = null) =>
        new Interpolator(name => env is not null && env.TryGetValue(name, out var v) ? v : null).Resolve(Parse.Yaml(yaml, "base.yaml"));

    private static ConfigScalar At(ConfigMap map, string path)
    {
        Assert.True(ConfigTree.TryGet(map, ConfigPath.Parse(path), out var node));
        return (ConfigScalar)node;
    }

    [Fact]
    public void Environment_variables_defaults_and_escapes()
    {
        var map = Resolve("""
            password: "${REDIS_PASSWORD}"
            host: ${HOST:-localhost}
            port: ${PORT:-6379}
            quoted_port: "${PORT:-6379}"
            url: "redis://${HOST:-h}:${PORT:-1}/0"
            literal: "$${NOT_A_VAR}"
            """, new() { ["REDIS_PASSWORD"] = "s3cret" });
        Assert.Equal("s3cret", At(map, "password").StringValue);
        Assert.Equal("localhost", At(map, "host").StringValue);
        Assert.Equal(6379, At(map, "port").IntValue);
        Assert.Equal("6379", At(map, "quoted_port").StringValue);
        Assert.Equal("redis://h:1/0", At(map, "url").StringValue);
        Assert.Equal("${NOT_A_VAR}", At(map, "literal").StringValue);
        Assert.Equal(1, At(map, "password").Origin.Line);
    }

    [Fact]
    public void References_to_other_keys_keep_type_and_follow_chains()
    {
        var map = Resolve("""
            redis:
              host: cache
              port: 6380
            url: "redis://${redis.host}:${redis.port}"
            port_copy: ${redis.port}
            name: sim
            label: "${.name}-${.url}"
            """);
        Assert.Equal("redis://cache:6380", At(map, "url").StringValue);
        Assert.Equal(6380, At(map, "port_copy").IntValue);
        Assert.Equal(ScalarKind.String, At(map, "label").ScalarKind);
    }

    [Fact]
    public void Unresolved_variable_is_an_error_at_file_and_line()
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => Resolve("a: 1\npassword: ${MISSING_VAR}\n"));
        var error = ex.Errors.Single();
        Assert.Equal("base.yaml", error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains("MISSING_VAR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_cycle_is_an_error()
    {
        var ex = Assert.Throws<ConfigurationLoadException>(() => Resolve("a: ${x.b}\nx:\n  b: ${.a}\n"));
        Assert.Contains(ex.Errors, e => e.Message.Contains("cycle", StringComparison.Ordinal) && e.Line > 0);
    }

    [Fact]
    public void Missing_reference_and_unclosed_placeholder_are_errors()
    {
        Assert.Contains("does not exist", Assert.Throws<ConfigurationLoadException>(() => Resolve("a: ${nope.key}\n")).Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("never closed", Assert.Throws<ConfigurationLoadException>(() => Resolve("a: \"${OPEN\"\n")).Errors[0].Message, StringComparison.Ordinal);
    }
}
