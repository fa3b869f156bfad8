using static TorchSharp.torch;

namespace NinNotebooks.Training;

/// <summary>Turns "auto", "cpu" or "cuda" into a device, with a clear error (naming the <see cref="TrainingConfig.Device"/> setting) when CUDA is asked for but absent.</summary>
public static class DeviceChoice
{
    private static TrainingSetting Setting => TrainingSettings.Setting(nameof(TrainingConfig.Device));

    /// <summary>Resolves <paramref name="name"/>: "auto" picks CUDA when available, else the CPU.</summary>
    public static Device Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToLowerInvariant() switch
        {
            "auto" => cuda.is_available() ? CUDA : CPU,
            "cpu" => CPU,
            "cuda" when cuda.is_available() => CUDA,
            "cuda" => throw new TrainingSettingException(
                $"{Setting} cuda: CUDA is not available here. Either this build uses the CPU backend (build with -p:TorchBackend=cuda, see environment/README.md) or no GPU and driver were found."),
            _ => throw new TrainingSettingException($"{Setting}: expected auto, cpu or cuda, got '{name}'."),
        };
    }
}
