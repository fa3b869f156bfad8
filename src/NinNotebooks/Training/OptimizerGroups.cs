using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>One optimizer parameter group: biases or weights, of the last layer or not.</summary>
internal sealed record ParameterGroup(IReadOnlyList<string> Names, bool Bias, bool LastLayer, double Scale, double LearningRate, double WeightDecay);

/// <summary>
/// Builds a <see cref="Trainer"/>'s optimizer with one parameter group per (bias?, last layer?), so that the paper's
/// per-layer learning rates and its bias settings (<see cref="TrainingConfig.BiasLearningRateScale"/>,
/// <see cref="TrainingConfig.DecayBiases"/>, <see cref="TrainingConfig.LastLayerLearningRateScale"/>) can apply.
/// </summary>
internal sealed class OptimizerGroups : IDisposable
{
    private readonly IReadOnlyList<(optim.ILearningRateController Group, ParameterGroup Info)> _groups;

    /// <summary>Builds the optimizer for <paramref name="model"/>'s parameters with <paramref name="config"/>'s settings.</summary>
    public OptimizerGroups(nn.Module<Tensor, Tensor> model, TrainingConfig config) => (Optimizer, _groups) = Create(model, config);

    /// <summary>The optimizer.</summary>
    public OptimizerHelper Optimizer { get; }

    /// <summary>The groups as set now: which parameters, their learning rate and weight decay.</summary>
    public IEnumerable<ParameterGroup> Current() => _groups.Select(g => g.Info with { LearningRate = g.Group.LearningRate });

    /// <summary>Sets every group's learning rate to <paramref name="rate"/> times its scale.</summary>
    public void SetLearningRate(double rate)
    {
        foreach (var (group, info) in _groups)
        {
            group.LearningRate = rate * info.Scale;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => Optimizer.Dispose();

    private static (OptimizerHelper Optimizer, IReadOnlyList<(optim.ILearningRateController Group, ParameterGroup Info)> Groups) Create(
        nn.Module<Tensor, Tensor> model, TrainingConfig config)
    {
        // Groups by (bias?, last layer?), so the paper's per-layer rates and bias settings can apply.
        var named = model.named_parameters().ToList();
        var last = named.Count > 0 ? Prefix(named[^1].name) : "";
        var groups = named
            .GroupBy(p => (Bias: p.name.EndsWith("bias", StringComparison.Ordinal), Last: Prefix(p.name) == last))
            .OrderBy(g => g.Key.Last).ThenBy(g => g.Key.Bias)
            .Select(g =>
            {
                var scale = (g.Key.Bias ? config.BiasLearningRateScale : 1) * (g.Key.Last ? config.LastLayerLearningRateScale : 1);
                var decay = g.Key.Bias && !config.DecayBiases ? 0 : config.WeightDecay;
                var info = new ParameterGroup([.. g.Select(p => p.name)], g.Key.Bias, g.Key.Last, scale, config.LearningRate * scale, decay);
                return (Parameters: g.Select(p => p.parameter).ToList(), Info: info);
            })
            .ToList();

        OptimizerHelper optimizer = config.Optimizer switch
        {
            OptimizerKind.Sgd => optim.SGD(
                groups.Select(g => new SGD.ParamGroup(g.Parameters, g.Info.LearningRate, config.Momentum, 0, g.Info.WeightDecay, false, false)),
                config.LearningRate, config.Momentum),
            OptimizerKind.Adam => optim.Adam(
                groups.Select(g => new Adam.ParamGroup(g.Parameters, g.Info.LearningRate, 0.9, 0.999, 1e-8, g.Info.WeightDecay, false, false)),
                config.LearningRate),
            _ => throw new ArgumentOutOfRangeException(nameof(config), config.Optimizer, "Unknown optimizer."),
        };
        return (optimizer, [.. optimizer.ParamGroups.Zip(groups, (group, g) => (group, g.Info))]);

        static string Prefix(string name) => name.Contains('.', StringComparison.Ordinal) ? name[..name.LastIndexOf('.')] : "";
    }
}
