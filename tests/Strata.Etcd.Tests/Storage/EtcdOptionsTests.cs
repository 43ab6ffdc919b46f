using Strata.Etcd.Connection;

namespace Strata.Etcd.Tests.Storage;

public sealed class EtcdOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1:2379", false, "http://127.0.0.1:2379")]
    [InlineData("http://127.0.0.1:12379", false, "http://127.0.0.1:12379")]
    [InlineData("https://etcd.internal", false, "https://etcd.internal:2379")]
    [InlineData("etcd-1", true, "https://etcd-1:2379")]
    [InlineData("http://[::1]:2380", false, "http://[::1]:2380")]
    public void Endpoints_get_a_scheme_and_the_client_port(string endpoint, bool tls, string expected) =>
        Assert.Equal(expected, EtcdClientFactory.Normalize(endpoint, tls));

    [Fact]
    public void A_comma_separated_list_gives_several_endpoints()
    {
        var options = new EtcdOptions { Prefix = "/p" }.WithEndpoints("http://a:2379, http://b:2379,,http://c:2379");
        Assert.Equal(["http://a:2379", "http://b:2379", "http://c:2379"], options.Endpoints);
        options.Validate();
    }

    [Theory]
    [InlineData("", "/p", "no etcd endpoint")]
    [InlineData("ftp://a:1", "/p", "is not an etcd endpoint")]
    [InlineData("http://a:1/path", "/p", "is not an etcd endpoint")]
    [InlineData("http://a:1", "", "no etcd prefix")]
    public void Bad_settings_are_reported_in_one_line(string endpoints, string prefix, string message)
    {
        var options = new EtcdOptions { Prefix = prefix }.WithEndpoints(endpoints);
        var ex = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_needs_a_password()
    {
        var options = new EtcdOptions { Prefix = "/p", Username = "root" }.WithEndpoints("http://a:1");
        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Https_endpoints_or_tls_settings_turn_tls_on()
    {
        Assert.True(new EtcdOptions().WithEndpoints("https://a:1").UsesTls);
        Assert.True(new EtcdOptions { Tls = new EtcdTlsOptions() }.WithEndpoints("a:1").UsesTls);
        Assert.False(new EtcdOptions().WithEndpoints("http://a:1").UsesTls);
    }
}
