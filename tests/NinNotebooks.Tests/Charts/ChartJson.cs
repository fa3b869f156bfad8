using System.Text.Json;
using Plotly.NET;

namespace NinNotebooks.Tests.Charts;

/// <summary>A chart as the JSON plotly.js receives, to check what it will draw.</summary>
internal static class ChartJson
{
    public static JsonElement Of(GenericChart chart) => JsonDocument.Parse(GenericChart.toJson(chart)).RootElement;

    public static string Title(JsonElement figure) => figure.GetProperty("layout").GetProperty("title").GetProperty("text").GetString()!;

    public static JsonElement[] Traces(JsonElement figure) => [.. figure.GetProperty("data").EnumerateArray()];
}
