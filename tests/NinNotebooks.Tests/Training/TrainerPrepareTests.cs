using NinNotebooks.Training;
using Xunit;
using static TorchSharp.torch;

namespace NinNotebooks.Tests.Training;

public class TrainerPrepareTests
{
    /// <summary>Prepare feeds the model exactly what evaluation feeds it, for both kinds of preprocessing.</summary>
    [Theory]
    [InlineData(Preprocessing.Standardize)]
    [InlineData(Preprocessing.GcnZca)]
    public void Prepare_GivesTheModelWhatEvaluationGivesIt(Preprocessing preprocessing)
    {
        using var data = TinySetup.Data(train: 96, test: 64);
        using var trainer = new Trainer(TinySetup.Training(epochs: 1) with { Preprocessing = preprocessing, Augment = false }, TinySetup.Model, data);
        trainer.TrainEpoch();
        var (_, accuracy) = trainer.Evaluate();
        trainer.Model.eval();
        using var noGrad = no_grad();
        using var inputs = trainer.Prepare(data.Test.Images);
        using var predictions = trainer.Model.call(inputs).argmax(1);
        Assert.Equal(ScalarType.Float32, inputs.dtype);
        Assert.Equal(accuracy, predictions.eq(data.Test.Labels).to(ScalarType.Float64).mean().item<double>(), 9);
    }
}
