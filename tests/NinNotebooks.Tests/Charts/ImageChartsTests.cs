using NinNotebooks.Charts;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Charts;

public class ImageChartsTests
{
    [Fact]
    public void Images_TilesColourImagesWithTitles()
    {
        using var images = zeros(new long[] { 3, 3, 4, 4 }, ScalarType.Byte);
        images[1, 0] = 255;                                   // image 1 is red
        images[2, 2, 1, 2] = 200;                             // image 2: one blue pixel
        var figure = ChartJson.Of(ImageCharts.Images(images, ["a", "b", "c"], columns: 2, title: "t"));
        var z = ChartJson.Traces(figure)[0].GetProperty("z");
        // 2 columns of 4 pixels with a 1-pixel gap; 2 rows of 4 pixels, each under a 1-pixel title band
        Assert.Equal(10, z.GetArrayLength());
        Assert.Equal(9, z[0].GetArrayLength());
        Assert.Equal([255, 255, 255], z[0][0].EnumerateArray().Select(v => v.GetInt32()));          // title band: white
        Assert.Equal([0, 0, 0], z[1][0].EnumerateArray().Select(v => v.GetInt32()));                // image 0
        Assert.Equal([255, 0, 0], z[1][5].EnumerateArray().Select(v => v.GetInt32()));              // image 1 (column 2)
        Assert.Equal([0, 0, 200], z[6 + 1][2].EnumerateArray().Select(v => v.GetInt32()));         // image 2, row 1, x 2
        var labels = figure.GetProperty("layout").GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("text").GetString());
        Assert.Equal(["a", "b", "c"], labels);
        Assert.Equal("t", ChartJson.Title(figure));
    }

    [Fact]
    public void Images_StretchesFloatImagesAndShowsGreyAsGrey()
    {
        using var filters = tensor(new float[] { -1, 0, 1, 3 }).reshape(1, 1, 2, 2);
        var z = ChartJson.Traces(ChartJson.Of(ImageCharts.Images(filters)))[0].GetProperty("z");
        Assert.Equal([0, 0, 0], z[1][0].EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal([255, 255, 255], z[2][1].EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal([63, 63, 63], z[1][1].EnumerateArray().Select(v => v.GetInt32()));
    }

    [Fact]
    public void Maps_NormalisesEachMapOrSharesOneScale()
    {
        using var maps = tensor(new float[] { 0, 2, 4, 6, 10, 20, 30, 40 }).reshape(2, 2, 2);
        var each = ChartJson.Traces(ChartJson.Of(ImageCharts.Maps(maps, columns: 2)))[0];
        Assert.Equal(1.0, each.GetProperty("z")[2][1].GetDouble(), 6);             // map 0's maximum
        Assert.Equal(1.0, each.GetProperty("z")[2][4].GetDouble(), 6);             // map 1's maximum
        Assert.Equal(System.Text.Json.JsonValueKind.Null, each.GetProperty("z")[1][2].ValueKind);   // the gap
        var shared = ChartJson.Traces(ChartJson.Of(ImageCharts.Maps(maps.unsqueeze(0), columns: 2, normalizeEach: false)))[0];
        Assert.Equal(6.0, shared.GetProperty("z")[2][1].GetDouble(), 6);
        Assert.Equal(40.0, shared.GetProperty("z")[2][4].GetDouble(), 6);
    }

    [Fact]
    public void BadShapesAndTitles_AreRefusedWithTheShape()
    {
        using var wrong = zeros(2, 2, 4, 4);
        Assert.Contains("2 x 2 x 4 x 4", Assert.Throws<ArgumentException>(() => ImageCharts.Images(wrong)).Message, StringComparison.Ordinal);
        using var flat = zeros(4, 4);
        Assert.Contains("K x H x W", Assert.Throws<ArgumentException>(() => ImageCharts.Maps(flat)).Message, StringComparison.Ordinal);
        using var maps = zeros(3, 4, 4);
        Assert.Contains("2 titles for 3 tiles", Assert.Throws<ArgumentException>(() => ImageCharts.Maps(maps, ["a", "b"])).Message, StringComparison.Ordinal);
    }
}
