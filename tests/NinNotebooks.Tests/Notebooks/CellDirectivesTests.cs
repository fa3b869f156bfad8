using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

public class CellDirectivesTests
{
    [Theory]
    [InlineData("#r \"nuget: Plotly.NET, 6.0.0\"", "Plotly.NET", "6.0.0")]
    [InlineData("#r \"nuget:TorchSharp-cpu\"", "TorchSharp-cpu", null)]
    [InlineData("#r nuget:XPlot.Plotly,4.1.0", "XPlot.Plotly", "4.1.0")]
    [InlineData("  #r \"nuget: A.B, 1.0.0-beta.2\"  ", "A.B", "1.0.0-beta.2")]
    public void NugetReferences_AreHoisted(string line, string name, string? version)
    {
        var cell = CellDirectives.Parse($"var a = 1;\n{line}\na");

        Assert.Equal(new PackageReference(name, version), Assert.Single(cell.Packages));
        Assert.Equal("var a = 1;\n\na", cell.Code);
        Assert.Null(cell.Error);
    }

    [Fact]
    public void SourcesTimeAndSelector_AreTakenOut_PathReferencesStay()
    {
        var cell = CellDirectives.Parse("#!csharp\n#i \"nuget: /srv/feed\"\n#!time\n#r \"lib/My.dll\"\n#nullable enable\nvar x = 1;");

        Assert.Equal(["/srv/feed"], cell.Sources);
        Assert.True(cell.Time);
        Assert.Equal("\n\n\n#r \"lib/My.dll\"\n#nullable enable\nvar x = 1;", cell.Code);
    }

    [Fact]
    public void UnknownMagic_IsAnError_WithItsPosition()
    {
        var cell = CellDirectives.Parse("var x = 1;\n\n#!whatever now");

        Assert.Equal("(3,1): error DNI101: Unknown magic command '#!whatever'", cell.Error);
    }

    [Fact]
    public void SwitchingToAnotherKernel_MidCell_IsAnError()
    {
        var cell = CellDirectives.Parse("var x = 1;\n#!fsharp\nlet y = 2");

        Assert.Contains("(2,1): error: this cell switches to the fsharp kernel", cell.Error);
    }
}
