using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sagewright.Core;

namespace Sagewright.Hosting;

/// <summary>
/// The main listener's URL as Kestrel bound it (so port 0 resolves to the real port), with a wildcard address
/// replaced by loopback: platform components call through it from inside this process.
/// </summary>
internal sealed class KestrelPlatformEndpoint(IServer server, ServeOptions options) : IPlatformEndpoint
{
    private Uri? _baseAddress;

    public Uri BaseAddress => _baseAddress ??= Resolve();

    private Uri Resolve()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses
            ?? throw new InvalidOperationException("The server has no bound addresses yet.");
        var main = addresses.Select(a => new Uri(a))
            .FirstOrDefault(u => !options.NamedListeners.ContainsKey(u.Port))
            ?? throw new InvalidOperationException("The server is not listening yet.");
        var host = IPAddress.TryParse(main.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))
            ? "127.0.0.1"
            : main.Host;
        return new UriBuilder(main.Scheme, host, main.Port).Uri;
    }
}
