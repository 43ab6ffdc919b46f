using System.Text.Json;

namespace Strata.Dashboard.Tests;

/// <summary>Reads <c>api/events</c>: waits for the stream to open, then returns the <c>data:</c> objects one by one.</summary>
internal sealed class EventReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<EventReader> OpenAsync(HttpClient client)
    {
        var response = await client.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var cts = new CancellationTokenSource(DashboardServer.Patience);
        // The stream starts with a comment line: from then on the subscription is in place.
        var first = await reader.ReadLineAsync(cts.Token);
        Assert.StartsWith(":", first, StringComparison.Ordinal);
        return new EventReader(response, reader);
    }

    /// <summary>The next event that matches; others are skipped.</summary>
    public async Task<JsonElement> NextAsync(Func<JsonElement, bool> match)
    {
        using var cts = new CancellationTokenSource(DashboardServer.Patience);
        while (true)
        {
            var line = await _reader.ReadLineAsync(cts.Token) ?? throw new InvalidOperationException("the event stream ended");
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            using var doc = JsonDocument.Parse(line["data: ".Length..]);
            if (match(doc.RootElement))
            {
                return doc.RootElement.Clone();
            }
        }
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
