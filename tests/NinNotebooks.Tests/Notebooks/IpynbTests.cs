using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

public class IpynbTests
{
    [Fact]
    public void Parse_ReadsKernelsFromPolyglotLegacyAndSelectorLines()
    {
        const string json = """
            { "nbformat": 4, "nbformat_minor": 4,
              "metadata": { "kernelspec": { "name": ".net-fsharp" } },
              "cells": [
                { "cell_type": "code", "metadata": { "polyglot_notebook": { "kernelName": "csharp" }, "dotnet_interactive": { "language": "fsharp" } }, "source": "1", "outputs": [] },
                { "cell_type": "code", "metadata": { "dotnet_interactive": { "language": "C#" } }, "source": ["2"] },
                { "cell_type": "code", "metadata": { "polyglot_notebook": { "kernelName": "fsharp" } }, "source": ["#!csharp\n", "3"] },
                { "cell_type": "code", "metadata": {}, "source": "4" },
                { "cell_type": "markdown", "metadata": {}, "source": ["# Title\n", "text"] }
              ] }
            """;

        var notebook = Ipynb.Parse(json, "x.ipynb");

        Assert.Equal("fsharp", notebook.DefaultKernel);
        Assert.Equal(["csharp", "csharp", "csharp", "fsharp", "markdown"], notebook.Cells.Select(notebook.KernelOf));
        Assert.Equal("#!csharp\n3", notebook.Cells[2].Source);
        Assert.Equal("# Title\ntext", notebook.Cells[4].Source);
    }

    [Fact]
    public void DefaultKernel_IsCSharpWithoutMetadata()
    {
        var notebook = Ipynb.Parse("""{ "nbformat": 4, "cells": [] }""", "x.ipynb");

        Assert.Equal("csharp", notebook.DefaultKernel);
    }

    [Fact]
    public void Write_LooksLikeVSCode_AndRoundTrips()
    {
        var notebook = new Notebook(NotebookFormat.Ipynb, [], [new NotebookCell(CellKind.Markdown, "# T"), new NotebookCell(CellKind.Code, "var x = 1;\nx", "csharp")], "csharp", nbformatMinor: 4);
        var code = notebook.Cells[1];
        code.ExecutionCount = 1;
        code.Outputs.Add(new StreamOutput("stdout", "a\nb\n"));
        code.Outputs.Add(new DisplayOutput(new Dictionary<string, string> { ["text/html"] = "<b>x</b>" }));
        code.Outputs.Add(ErrorOutput.From("line 1\nline 2"));

        var text = Ipynb.Write(notebook);
        var back = Ipynb.Parse(text, "x.ipynb");

        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.StartsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"markdown\",", text, StringComparison.Ordinal);
        Assert.Contains("\"nbformat_minor\": 5", text);
        Assert.Contains("\"name\": \".net-csharp\"", text);
        Assert.Contains("\"kernelName\": \"csharp\"", text);
        Assert.Contains("\"output_type\": \"display_data\"", text);
        Assert.Matches("\"text\": \\[\n +\"a\\\\n\",\n +\"b\\\\n\"\n +\\]", text);
        Assert.Equal(Ipynb.Write(back), text);
        Assert.Equal(code.Outputs[0], back.Cells[1].Outputs[0]);
        Assert.Equal("<b>x</b>", back.Cells[1].Outputs[1].Text("text/html"));
        Assert.Equal(["line 1", "line 2"], ((ErrorOutput)back.Cells[1].Outputs[2]).Traceback);
        Assert.All(back.Cells, c => Assert.False(string.IsNullOrEmpty(c.Id)));
    }

    [Fact]
    public void Lines_KeepTheirNewlines_ExceptTheLast()
    {
        Assert.Equal(["a\n", "b\n", "c"], Ipynb.Lines("a\r\nb\nc").Select(n => n!.GetValue<string>()));
        Assert.Empty(Ipynb.Lines(""));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "[1, 2]", "expected a JSON object" },
        { """{ "nbformat": 4 }""", "expected a 'cells' array" },
        { """{ "nbformat": 4, "cells": [ { "cell_type": "widget" } ] }""", "cell 1 has cell_type 'widget'; expected code, markdown or raw" },
        { """{ "nbformat": 4, "cells": [ { "cell_type": "code", "source": 5 } ] }""", "cell 1 source: expected a string or an array of strings" },
        { """{ "nbformat": 4, "cells": [ { "cell_type": "code", "source": "", "outputs": [ { "output_type": "bogus" } ] } ] }""", "cell 1 output 1: unknown output_type 'bogus'" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Parse_Malformed_SaysWhereAndWhat(string json, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => Ipynb.Parse(json, "nb.ipynb"));

        Assert.StartsWith("nb.ipynb: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message);
    }
}
