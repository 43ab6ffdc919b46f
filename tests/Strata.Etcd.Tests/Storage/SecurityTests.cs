using Authpb;
using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Strata.Etcd.Publishing;
using Strata.Etcd.Tests.Infrastructure;

namespace Strata.Etcd.Tests.Storage;

/// <summary>TLS and user/password authentication against real etcd members.</summary>
public sealed class SecurityTests
{
    [Fact]
    public async Task Tls_with_the_servers_certificate_authority_publishes_and_watches()
    {
        using var certs = new TempDir();
        var (cert, key) = SelfSignedCertificate.Write(certs.Path);
        await using var cluster = await EtcdCluster.StartAsync(1, cert, key);
        var options = cluster.Options("/strata-tls");
        options.Tls = new EtcdTlsOptions { CaCertificateFile = cert };
        Assert.StartsWith("https://", options.Endpoints[0], StringComparison.Ordinal);

        using var publisher = new ReleasePublisher(options);
        await publisher.PublishAsync(1);
        await using var node = await FleetNode.StartAsync(options);
        await publisher.PublishAsync(2);

        await node.WaitForReleaseAsync(2);
    }

    [Fact]
    public async Task Tls_with_an_untrusted_server_fails_in_one_line()
    {
        using var certs = new TempDir();
        var (cert, key) = SelfSignedCertificate.Write(certs.Path);
        await using var cluster = await EtcdCluster.StartAsync(1, cert, key);
        var options = cluster.Options("/strata-tls");
        options.RequestTimeout = TimeSpan.FromSeconds(3);

        var ex = await Assert.ThrowsAsync<EtcdException>(() => EtcdConfiguration.ConnectAsync(options));

        Assert.StartsWith("cannot read /strata-tls: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("certificate", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Users_publish_and_watch_within_their_permissions()
    {
        await using var cluster = await EtcdCluster.StartAsync(1);
        await EnableAuthAsync(cluster.Endpoints, "/fleet-a/");

        var allowed = cluster.Options("/fleet-a");
        allowed.Username = "deployer";
        allowed.Password = "s3cret-deploy";
        using var publisher = new ReleasePublisher(allowed);
        await publisher.PublishAsync(1);
        await using var node = await FleetNode.StartAsync(allowed);
        await publisher.PublishAsync(2);
        await node.WaitForReleaseAsync(2);

        // Tokens do not survive an etcd restart: both sides sign in again.
        cluster.Members[0].Kill();
        await node.WaitForStateAsync(Strata.Etcd.Watching.EtcdConnectionState.Disconnected);
        await cluster.RestartAsync(cluster.Members[0]);
        await publisher.PublishWithRetryAsync(3);
        await node.WaitForReleaseAsync(3);

        var wrongPassword = cluster.Options("/fleet-a");
        wrongPassword.Username = "deployer";
        wrongPassword.Password = "guess";
        var denied = await Assert.ThrowsAsync<EtcdException>(() => EtcdConfiguration.ConnectAsync(wrongPassword));
        Assert.True(denied.Message.Contains("etcd refused the request", StringComparison.Ordinal), denied.Message);
        Assert.DoesNotContain("guess", denied.Message, StringComparison.Ordinal);

        var otherPrefix = cluster.Options("/fleet-b");
        otherPrefix.Username = "deployer";
        otherPrefix.Password = "s3cret-deploy";
        using var outsider = new ReleasePublisher(otherPrefix);
        var forbidden = await Assert.ThrowsAsync<EtcdException>(() => outsider.PublishAsync(1));
        Assert.True(forbidden.Message.Contains("permission denied", StringComparison.Ordinal), forbidden.Message);
        Assert.Contains("/fleet-b", forbidden.Message, StringComparison.Ordinal);
    }

    private static async Task EnableAuthAsync(string endpoints, string prefix)
    {
        using var client = new EtcdClient(endpoints, configureChannelOptions: o => o.Credentials = ChannelCredentials.Insecure);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        await client.RoleAddAsync(new AuthRoleAddRequest { Name = "root" }, deadline: deadline);
        await client.UserAddAsync(new AuthUserAddRequest { Name = "root", Password = "root-pass" }, deadline: deadline);
        await client.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = "root", Role = "root" }, deadline: deadline);
        await client.RoleAddAsync(new AuthRoleAddRequest { Name = "fleet-a" }, deadline: deadline);
        await client.RoleGrantPermissionAsync(new AuthRoleGrantPermissionRequest
        {
            Name = "fleet-a",
            Perm = new Permission { PermType = Permission.Types.Type.Readwrite, Key = ByteString.CopyFromUtf8(prefix), RangeEnd = ByteString.CopyFromUtf8(prefix[..^1] + "0") },
        }, deadline: deadline);
        await client.UserAddAsync(new AuthUserAddRequest { Name = "deployer", Password = "s3cret-deploy" }, deadline: deadline);
        await client.UserGrantRoleAsync(new AuthUserGrantRoleRequest { User = "deployer", Role = "fleet-a" }, deadline: deadline);
        await client.AuthEnableAsync(new AuthEnableRequest(), deadline: deadline);
    }
}
