using static TorchSharp.torch;

namespace NinNotebooks;

/// <summary>Argument checks with messages that say which argument and what was expected.</summary>
internal static class Check
{
    public static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least 1, got {value}.");
        }
    }

    public static void NotNegative(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be 0 or more, got {value}.");
        }
    }

    public static void Probability(double value, string name)
    {
        if (value is < 0 or >= 1 || double.IsNaN(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1), got {value}.");
        }
    }

    /// <summary>Throws unless <paramref name="input"/> is a 4-D image batch with <paramref name="channels"/> channels.</summary>
    public static void ImageBatch(Tensor input, int channels, string model, string expected)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.dim() != 4 || input.shape[1] != channels)
        {
            throw new ArgumentException(
                $"{model} expects images shaped {expected}, got [{string.Join(", ", input.shape)}].", nameof(input));
        }
    }
}
