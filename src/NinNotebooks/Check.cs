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
}
