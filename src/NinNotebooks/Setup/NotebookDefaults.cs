namespace NinNotebooks.Setup;

/// <summary>A notebook's choices for the parameters left at 0.</summary>
/// <param name="GpuEpochs">Epochs on a GPU (default 30).</param>
/// <param name="CpuEpochs">Epochs on a CPU (default 2).</param>
/// <param name="CpuSubset">Training images on a CPU (default 2,000).</param>
/// <param name="CpuTestSubset">Test images on a CPU (default 1,000).</param>
public sealed record NotebookDefaults(int GpuEpochs = 30, int CpuEpochs = 2, int CpuSubset = 2_000, int CpuTestSubset = 1_000);
