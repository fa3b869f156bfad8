using NinNotebooks.Analysis;
using NinNotebooks.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Modules;

public class InceptionAuxTests
{
    [Fact]
    public void PoolsFourteenByFourteenToFourByFourThenClassifies()
    {
        using var aux = new InceptionAux(512, 10);
        aux.eval();
        var summary = ModelSummary.Create(aux, [2, 512, 14, 14]);

        Assert.Equal(new long[] { 2, 512, 4, 4 }, summary.Rows.Single(r => r.Name == "pool").OutputShape);
        Assert.Equal(new long[] { 2, 2048 }, summary.Rows.Single(r => r.Name == "flatten").OutputShape);
        Assert.Equal(new long[] { 2, 10 }, summary.OutputShape);
        Assert.Equal(
            ParameterCount.Conv2d(512, 128, 1) + ParameterCount.Linear(2048, 1024) + ParameterCount.Linear(1024, 10),
            aux.CountParameters());
    }

    [Fact]
    public void DropoutIsThePapersSeventyPercent()
    {
        using var aux = new InceptionAux(528, 1000);

        Assert.Equal(0.7, aux.modules().OfType<TorchSharp.Modules.Dropout>().Single().p);
    }

    [Fact]
    public void InvalidDropout_IsRejected()
    {
        Assert.Equal("dropout", Assert.Throws<ArgumentOutOfRangeException>(() => new InceptionAux(512, 10, dropout: 1.5)).ParamName);
    }
}
