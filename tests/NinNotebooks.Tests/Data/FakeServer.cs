using System.Net;

namespace NinNotebooks.Tests.Data;

/// <summary>An HTTP handler that serves fixed bytes per URL, or fails like an offline machine for anything else.</summary>
internal sealed class FakeServer : HttpMessageHandler
{
    private readonly Dictionary<Uri, byte[]> _files = [];

    public int Requests { get; private set; }

    public FakeServer Serve(Uri url, byte[] data)
    {
        _files[url] = data;
        return this;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests++;
        if (request.RequestUri is { } url && _files.TryGetValue(url, out var data))
        {
            var content = new ByteArrayContent(data);
            content.Headers.ContentLength = data.Length;
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = content };
        }

        throw new HttpRequestException($"Name or service not known ({request.RequestUri?.Host}:443)");
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));
}
