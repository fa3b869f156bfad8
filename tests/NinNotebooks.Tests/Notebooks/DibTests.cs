using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

public class DibTests
{
    [Fact]
    public void Parse_SplitsOnKernelLines_KeepsOtherMagicsInTheCell()
    {
        const string text = "#!meta\n\n{\"kernelInfo\":{\"defaultKernelName\":\"csharp\"}}\n\n#!markdown\n\n# Title\n\n#!csharp\n\n#!time\nvar x = 1;\n\n\n#!c#\nx\n#!fsharp\n1 + 1\n";

        var notebook = Dib.Parse(text);

        Assert.Equal(NotebookFormat.Dib, notebook.Format);
        Assert.Equal([CellKind.Markdown, CellKind.Code, CellKind.Code, CellKind.Code], notebook.Cells.Select(c => c.Kind));
        Assert.Equal(["# Title", "#!time\nvar x = 1;", "x", "1 + 1"], notebook.Cells.Select(c => c.Source));
        Assert.Equal(["markdown", "csharp", "csharp", "fsharp"], notebook.Cells.Select(notebook.KernelOf));
        Assert.Equal("csharp", notebook.Metadata["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
    }

    [Fact]
    public void Parse_WithoutSelectors_IsOneCSharpCell()
    {
        var notebook = Dib.Parse("\n\nConsole.WriteLine(1);\n\n");

        Assert.Equal("Console.WriteLine(1);", Assert.Single(notebook.Cells).Source);
        Assert.Equal("csharp", notebook.KernelOf(notebook.Cells[0]));
    }
}
