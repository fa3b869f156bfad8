using static TorchSharp.torch;

namespace NinNotebooks.Analysis;

/// <summary>
/// One of a channel's strongest responses over a data set (found by <see cref="TopPatches.Find(Modules.NiN, Tensor, Tensor, int, int, int, int, Training.ComputePath)"/>):
/// which image, where in the channel's map, how strong, and the piece of the image that position sees.
/// </summary>
/// <param name="ImageIndex">Index of the image in the data set.</param>
/// <param name="Y">Row of the position in the stage's feature map.</param>
/// <param name="X">Column of the position in the stage's feature map.</param>
/// <param name="Activation">The channel's value there (after the stage's last ReLU).</param>
/// <param name="Patch">
/// The position's receptive field cut from the raw image: C×r×r on the CPU, the raw images' type (uint8 as loaded),
/// zero where the field runs past the image border.
/// </param>
/// <remarks>Taught in notebooks/07-what-nin-learns.ipynb.</remarks>
public sealed record TopPatch(long ImageIndex, int Y, int X, float Activation, Tensor Patch);
