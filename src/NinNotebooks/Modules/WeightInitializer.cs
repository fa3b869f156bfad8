using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Modules;

/// <summary>Applies a <see cref="WeightInit"/> scheme to every convolution and linear layer of a module.</summary>
internal static class WeightInitializer
{
    /// <summary>Linear layers' σ under <see cref="WeightInit.Paper"/> (the paper's convolutions use 0.05 too).</summary>
    public const double PaperLinearStd = 0.05;

    /// <summary>Initialises <paramref name="module"/>; in a <see cref="NiN"/> the σ of each convolution comes from its config.</summary>
    public static void Apply(nn.Module module, WeightInit init)
    {
        using var noGrad = no_grad();

        // The in-place initialisers return new handles to the parameters; the scope releases them.
        using var scope = NewDisposeScope();
        var stageOf = StdByConvolution(module);
        foreach (var (_, child) in module.named_modules())
        {
            var (weight, bias, std) = child switch
            {
                Conv2d conv => (conv.weight, conv.bias, stageOf.GetValueOrDefault(conv, PaperLinearStd)),
                Linear linear => (linear.weight, linear.bias, PaperLinearStd),
                _ => (null, null, 0),
            };
            if (weight is null)
            {
                continue;
            }

            if (init == WeightInit.Paper)
            {
                nn.init.normal_(weight, 0, std);
            }
            else
            {
                nn.init.kaiming_normal_(weight, mode: nn.init.FanInOut.FanIn, nonlinearity: nn.init.NonlinearityType.ReLU);
            }

            if (bias is not null)
            {
                nn.init.zeros_(bias);
            }
        }
    }

    private static Dictionary<Conv2d, double> StdByConvolution(nn.Module module)
    {
        var result = new Dictionary<Conv2d, double>(ReferenceEqualityComparer.Instance);
        if (module is not NiN nin)
        {
            return result;
        }

        var config = nin.Config;
        for (var i = 0; i < nin.Blocks.Count; i++)
        {
            var convolutions = nin.Blocks[i].Convolutions;
            for (var j = 0; j < convolutions.Count; j++)
            {
                result[convolutions[j]] = j == 0 ? config.Stages[i].ConvInitStd : config.Stages[i].PointwiseInitStd;
            }
        }

        return result;
    }
}
