using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Strata.Dashboard.Api;

/// <summary>JSON answers written with <see cref="Utf8JsonWriter"/>, and the error shape <c>{"error": "…"}</c>.</summary>
internal static class ApiResults
{
    private const string JsonType = "application/json; charset=utf-8";

    /// <summary>Writes a document with <paramref name="write"/> and returns its text.</summary>
    /// <param name="write">Writes one JSON value.</param>
    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A JSON answer.</summary>
    /// <param name="json">The document.</param>
    /// <param name="status">The status code.</param>
    public static IResult Json(string json, int status = StatusCodes.Status200OK) => Results.Text(json, JsonType, Encoding.UTF8, status);

    /// <summary>A JSON answer written with <paramref name="write"/>.</summary>
    /// <param name="write">Writes one JSON value.</param>
    public static IResult Json(Action<Utf8JsonWriter> write) => Json(Write(write));

    /// <summary><c>{"error": message}</c> with a status code.</summary>
    /// <param name="status">The status code.</param>
    /// <param name="message">One line saying what is wrong.</param>
    public static IResult Error(int status, string message) => Json(Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteEndObject();
    }), status);
}
