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
    [InlineData("n=99999999999", "var n = 99999999999L;")]
    [InlineData("n=-2147483649", "var n = -2147483649L;")]
    [InlineData("n=2147483647", "var n = 2147483647;")]
    [InlineData("n=  7 ", "var n = \"  7 \";")]
    [InlineData("x= 0.5", "var x = \" 0.5\";")]
    [InlineData("b= true", "var b = \" true\";")]
    [InlineData("b=False", "var b = false;")]
    [InlineData("class=1", "var @class = 1;")]
    [InlineData("await=1", "var @await = 1;")]
    [InlineData("@x=1", "var x = 1;")]
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
    public void AWholeNumberTooLargeForALong_IsRefused_NotTurnedIntoADouble()
    {
        var error = Assert.Throws<ArgumentException>(() => NotebookParameters.Parse("n=99999999999999999999"));

        Assert.Contains("--param n: 99999999999999999999 is a whole number too large for a long", error.Message);
    }

    [Fact]
    public void KeywordNames_CompileInTheKernel()
    {
        var notebook = Microsoft.DotNet.Interactive.Documents.CodeSubmission.Parse("#!csharp\nvar @class = 0;\n#!csharp\n@class + 1", NotebookDocument.KernelInfos);
        notebook.Elements[0].Metadata = new Dictionary<string, object> { ["tags"] = new object[] { "parameters" } };

        NotebookParameters.Inject(notebook, [NotebookParameters.Parse("class=41")]);
        var tree = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(string.Join("\n", notebook.Elements.Select(e => e.Contents)),
            new Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(kind: Microsoft.CodeAnalysis.SourceCodeKind.Script));

        Assert.Empty(tree.GetDiagnostics());
        Assert.Contains("var @class = 41;", notebook.Elements[1].Contents);
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
