using NinNotebooks.Notebooks;

namespace NinNotebooks.Tests.Notebooks;

public class RunOptionsFileTests
{
    [Fact]
    public void EveryOption_SurvivesTheFile_WithParameterTypesKept()
    {
        using var dir = new TemporaryDirectory();
        var options = new NotebookRunOptions
        {
            OutputDirectory = dir.File("out"),
            Parameters = [NotebookParameters.Parse("epochs=3"), NotebookParameters.Parse("rate=0.25"), NotebookParameters.Parse("quick=true"), NotebookParameters.Parse("dataset=synthetic"), NotebookParameters.Parse("big=99999999999")],
            CellTimeout = TimeSpan.FromSeconds(12.5),
            ContinueOnError = true,
            TorchBackend = "cuda",
        };

        RunOptionsFile.Save(options, dir.File("options.json"));
        var read = RunOptionsFile.Load(dir.File("options.json"));

        Assert.Equal(options.OutputDirectory, read.OutputDirectory);
        Assert.Equal(options.Parameters, read.Parameters);
        Assert.Equal([typeof(int), typeof(double), typeof(bool), typeof(string), typeof(long)], read.Parameters.Select(p => p.Value.GetType()));
        Assert.Equal(options.CellTimeout, read.CellTimeout);
        Assert.True(read.ContinueOnError);
        Assert.Equal("cuda", read.TorchBackend);
    }
}
