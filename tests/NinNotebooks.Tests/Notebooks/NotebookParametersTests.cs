using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

public class NotebookParametersTests
{
    [Theory]
    [InlineData("epochs=5", "var epochs = 5;")]
    [InlineData("lr=0.05", "var lr = 0.05d;")]
    [InlineData("augment=true", "var augment = true;")]
    [InlineData("dataset=synthetic", "var dataset = \"synthetic\";")]
    [InlineData("note=say \"hi\"\\n", "var note = \"say \\\"hi\\\"\\\\n\";")]
    [InlineData("empty=", "var empty = \"\";")]
    public void Values_AreTypedLikePapermill(string assignment, string code)
    {
        Assert.Equal(code, NotebookParameters.ToCode([NotebookParameters.Parse(assignment)]));
    }

    [Theory]
    [InlineData("=5")]
    [InlineData("2x=5")]
    [InlineData("novalue")]
    public void BadNames_AreRejected(string assignment)
    {
        var error = Assert.Throws<ArgumentException>(() => NotebookParameters.Parse(assignment));

        Assert.Contains("expected name=value with a C# identifier as name", error.Message);
    }

    [Fact]
    public void Inject_GoesAfterTheParametersCell_OrFirst()
    {
        var tagged = Microsoft.DotNet.Interactive.Documents.CodeSubmission.Parse("#!csharp\nvar a = 1;\n#!csharp\nvar b = 2;", NotebookDocument.KernelInfos);
        tagged.Elements[0].Metadata = new Dictionary<string, object> { ["tags"] = new object[] { "parameters" } };
        var untagged = Microsoft.DotNet.Interactive.Documents.CodeSubmission.Parse("#!csharp\nvar a = 1;", NotebookDocument.KernelInfos);

        Assert.Equal(1, NotebookParameters.Inject(tagged, [NotebookParameters.Parse("a=3")]));
        Assert.Equal(0, NotebookParameters.Inject(untagged, [NotebookParameters.Parse("a=3")]));
        Assert.Contains("var a = 3;", tagged.Elements[1].Contents);
        Assert.Contains(NotebookParameters.InjectedTag, untagged.Elements[0].Tags());
    }

    [Fact]
    public void Declared_ListsTheVariablesOfAParametersCell()
    {
        var cell = "// Parameters: a comment with var fake = 1 inside\nvar dataset = \"auto\";   // auto | mnist\n  var device = \"auto\";\nint notAParameter = 2;";

        Assert.Equal(["dataset", "device"], NotebookParameters.Declared(cell).Order(StringComparer.Ordinal));
    }
}
