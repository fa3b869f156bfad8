using NinNotebooks.Training;

namespace NinNotebooks.Tests.Training;

public class TrainingReportTests
{
    [Fact]
    public void SyntheticRun_CarriesTheBanner_PaperRecipeListsItsDeviations()
    {
        var history = new TrainingHistory("synthetic CIFAR-format", isSynthetic: true);
        history.Epochs.Add(new EpochRecord(1, 2, 0.2, 1.8, 0.3125, 0.1, 10, 100));

        var report = TrainingReport.Markdown(TrainingConfig.Paper(epochs: 2) with { Dataset = "synthetic" }, history, 966_986, "cpu");

        Assert.Contains("# Training report: nin-cifar10 on synthetic CIFAR-format (SYNTHETIC data)", report);
        Assert.Contains("**SYNTHETIC data.**", report);
        Assert.Contains("Final test accuracy: **31.25 %**", report);
        Assert.Contains("966,986 parameters, no BatchNorm", report);
        Assert.Contains("## Deviations from the authors' setup", report);
        Assert.DoesNotContain("departs", report);
        Assert.DoesNotContain("The paper", report);
    }

    [Fact]
    public void Cifar10Run_ShowsThePapersFigures()
    {
        var history = new TrainingHistory("CIFAR-10", isSynthetic: false);
        history.Epochs.Add(new EpochRecord(1, 1, 0.6, 1, 0.6, 0.1, 600, 83));

        var report = TrainingReport.Markdown(new TrainingConfig(), history, 966_986, "cuda");

        Assert.Contains("The paper (Lin, Chen and Yan 2014), test accuracy on CIFAR-10: 89.59 % with no augmentation, 91.19 % with translation + flip.", report);
        Assert.DoesNotContain("SYNTHETIC", report);
        Assert.DoesNotContain("Deviations", report);
        Assert.Contains("parameters, BatchNorm after every convolution", report);
        Assert.Contains("## Where the default recipe departs from the paper\n\n- BatchNorm after every convolution (Ioffe and Szegedy 2015", report);
    }
}
